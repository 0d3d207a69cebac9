# Every third-party library comes from a Debian package (scripts/bootstrap).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)

pkg_check_modules(RNP REQUIRED IMPORTED_TARGET librnp)
pkg_check_modules(GPGME REQUIRED IMPORTED_TARGET gpgme)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(HYPERSCAN REQUIRED IMPORTED_TARGET libhs)
pkg_check_modules(RABBITMQ REQUIRED IMPORTED_TARGET librabbitmq)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(LIBEDIT REQUIRED IMPORTED_TARGET libedit)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

if(MIG_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(MIG_BUILD_BENCH)
  find_package(benchmark QUIET)
endif()

# Third-party headers are system headers: their warnings are not ours to fix.
foreach(tgt PkgConfig::RNP PkgConfig::GPGME PkgConfig::RE2 PkgConfig::HYPERSCAN
            PkgConfig::RABBITMQ PkgConfig::SQLITE3 PkgConfig::LIBPQ PkgConfig::LIBEDIT
            PkgConfig::HTTPLIB)
  get_target_property(dirs ${tgt} INTERFACE_INCLUDE_DIRECTORIES)
  if(dirs)
    set_target_properties(${tgt} PROPERTIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${dirs}")
  endif()
endforeach()
