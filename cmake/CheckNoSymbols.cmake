# cmake -DFILE=binary -DPATTERN=regex -P CheckNoSymbols.cmake
# Fails when a symbol FILE defines (nm -C --defined-only) matches PATTERN:
# a test that a program does not carry code it must not link
# (docs/modules/README.md).
execute_process(COMMAND nm -C --defined-only ${FILE} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm -C --defined-only ${FILE} failed (${rc})")
endif()
string(REGEX MATCHALL "${PATTERN}" found "${symbols}")
if(found)
  list(REMOVE_DUPLICATES found)
  list(JOIN found "\n" names)
  message(FATAL_ERROR "${FILE} carries symbols it must not link:\n${names}")
endif()
string(LENGTH "${symbols}" size)
message(STATUS "${FILE}: no symbol matches ${PATTERN} (${size} bytes of nm output read)")
