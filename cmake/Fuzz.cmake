# The fuzzing configuration (MIG_FUZZ=ON, docs/fuzzing.md): libFuzzer targets
# for the parsers that read untrusted input, and nothing else.
#
# Every object file is instrumented for coverage and checked by ASan and
# UBSan (-fsanitize=fuzzer-no-link,address,undefined); the fuzz targets alone
# link libFuzzer's main (-fsanitize=fuzzer). The libraries are only built as
# far as a fuzz target needs them: src/ is added EXCLUDE_FROM_ALL, so the
# default target builds mig_core, a few single sources of other layers (see
# tests/fuzz/CMakeLists.txt) and the fuzz targets.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "MIG_FUZZ=ON needs clang (libFuzzer); configure a fresh build tree with "
                      "-DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14, "
                      "as scripts/fuzz does (Debian: clang-14 libclang-rt-14-dev)")
endif()
if(MIG_SANITIZE)
  message(FATAL_ERROR "MIG_FUZZ=ON already builds with ASan and UBSan; leave MIG_SANITIZE off")
endif()

set(MIG_FUZZ_SANITIZERS address,undefined)
# UBSan findings abort (a crash libFuzzer reports and saves) instead of
# printing and going on; frame pointers keep the reports' stacks whole.
add_compile_options(-fsanitize=fuzzer-no-link,${MIG_FUZZ_SANITIZERS}
                    -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_link_options(-fsanitize=${MIG_FUZZ_SANITIZERS})
# RelWithDebInfo (scripts/fuzz) at -O1 with line tables only: a fifth less
# compile time than -O2 -g, reports keep file:line. assert() stays on in
# every build type: a failed assertion is a finding.
set(CMAKE_C_FLAGS_RELWITHDEBINFO "-O1 -gline-tables-only")
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O1 -gline-tables-only")
add_compile_options(-UNDEBUG)

enable_testing()
add_subdirectory(src EXCLUDE_FROM_ALL)
add_subdirectory(tests/fuzz)
