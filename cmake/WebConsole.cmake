# The web console (web/, docs/web-console.md): `npm ci` into the source
# tree's web/node_modules (one copy for every build tree), then
# `node web/build.mjs <build>/web`, the directory mig-api's `[console] root`
# points at. Part of ALL when node and npm are installed; its node unit
# tests run in ctest with the label unit.
option(MIG_WEB_CONSOLE "Bundle the web console (needs node and npm)" ON)
if(NOT MIG_WEB_CONSOLE)
  message(STATUS "Web console: off (MIG_WEB_CONSOLE=OFF)")
  return()
endif()

find_program(MIG_NODE_PROGRAM node)
find_program(MIG_NPM_PROGRAM npm)
if(NOT MIG_NODE_PROGRAM OR NOT MIG_NPM_PROGRAM)
  message(STATUS "Web console: not built: node and npm are needed (scripts/bootstrap installs "
                 "Debian's nodejs and npm); mig-api still builds and runs without it")
  return()
endif()

set(MIG_WEB_SOURCE_DIR ${PROJECT_SOURCE_DIR}/web)
set(MIG_WEB_OUTPUT_DIR ${PROJECT_BINARY_DIR}/web)
set(mig_npm_stamp ${PROJECT_BINARY_DIR}/web-npm.stamp)
message(STATUS "Web console: ${MIG_NODE_PROGRAM}, bundled into ${MIG_WEB_OUTPUT_DIR}")

# Checked on every build (a stat, unless npm ci must run); the stamp changes
# only when node_modules did, so the bundle is not remade for nothing.
add_custom_target(
  web_console_npm
  COMMAND ${CMAKE_COMMAND} -DWEB_DIR=${MIG_WEB_SOURCE_DIR} -DNPM=${MIG_NPM_PROGRAM}
          -DSTAMP=${mig_npm_stamp} -P ${PROJECT_SOURCE_DIR}/cmake/WebNpmCi.cmake
  BYPRODUCTS ${mig_npm_stamp}
  COMMENT "Checking web/node_modules against web/package-lock.json"
  VERBATIM)

file(GLOB_RECURSE mig_web_inputs CONFIGURE_DEPENDS ${MIG_WEB_SOURCE_DIR}/src/*
     ${MIG_WEB_SOURCE_DIR}/static/*)
add_custom_command(
  OUTPUT ${MIG_WEB_OUTPUT_DIR}/app.js ${MIG_WEB_OUTPUT_DIR}/index.html
  COMMAND ${MIG_NODE_PROGRAM} ${MIG_WEB_SOURCE_DIR}/build.mjs ${MIG_WEB_OUTPUT_DIR}
  DEPENDS ${mig_npm_stamp} ${MIG_WEB_SOURCE_DIR}/build.mjs ${mig_web_inputs}
  COMMENT "Bundling the web console into ${MIG_WEB_OUTPUT_DIR}"
  VERBATIM)
add_custom_target(web_console ALL DEPENDS ${MIG_WEB_OUTPUT_DIR}/app.js ${MIG_WEB_OUTPUT_DIR}/index.html)
add_dependencies(web_console web_console_npm)

if(MIG_BUILD_TESTS)
  add_test(NAME web_unit COMMAND ${MIG_NODE_PROGRAM} --test ${MIG_WEB_SOURCE_DIR}/test/
           WORKING_DIRECTORY ${MIG_WEB_SOURCE_DIR})
  set_tests_properties(web_unit PROPERTIES LABELS unit TIMEOUT 300)
endif()
