# cmake -DWEB_DIR=... -DNPM=... -DSTAMP=... -P WebNpmCi.cmake
# Runs `npm ci` in WEB_DIR when node_modules is missing or older than
# package-lock.json, then touches STAMP when node_modules is newer than it (or it is missing). Build
# trees share WEB_DIR/node_modules: a lock keeps two of them from running
# npm ci at once.
set(lock ${WEB_DIR}/package-lock.json)
set(installed ${WEB_DIR}/node_modules/.package-lock.json)

file(LOCK ${WEB_DIR}/.npm-ci.lock GUARD PROCESS TIMEOUT 600 RESULT_VARIABLE locked)
if(NOT locked STREQUAL "0")
  message(FATAL_ERROR "web console: cannot lock ${WEB_DIR}/.npm-ci.lock: ${locked}")
endif()

if(NOT EXISTS ${installed} OR ${lock} IS_NEWER_THAN ${installed})
  message(STATUS "web console: npm ci in ${WEB_DIR}")
  # --ignore-scripts: no package runs code at install (esbuild needs none).
  execute_process(
    COMMAND ${NPM} ci --ignore-scripts --no-audit --no-fund
    WORKING_DIRECTORY ${WEB_DIR}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "web console: npm ci failed (${rc}); is the npm registry reachable?")
  endif()
  # npm ci keeps the lockfile's time; mark the install newer than the lock.
  file(TOUCH ${installed})
endif()
# Another build tree may have reinstalled: this tree's bundle must follow.
if(NOT EXISTS ${STAMP} OR ${installed} IS_NEWER_THAN ${STAMP})
  file(TOUCH ${STAMP})
endif()
