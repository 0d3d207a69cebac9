# Every third-party library comes from a Debian package (scripts/bootstrap).
#
# MIG_STATIC_AGENT=ON configures a build tree whose only purpose is one
# self-contained mig-agent (scripts/build-static-agent): every library is
# taken from its static archive, and RNP, which Debian ships only as a shared
# library, from MIG_RNP_STATIC_LIB (built from Debian's source package).
option(MIG_STATIC_AGENT "Link mig-agent statically (build only that target)" OFF)
set(MIG_RNP_STATIC_LIB "" CACHE FILEPATH "librnp.a for MIG_STATIC_AGENT")
if(MIG_STATIC_AGENT)
  if(NOT EXISTS "${MIG_RNP_STATIC_LIB}")
    message(FATAL_ERROR "MIG_STATIC_AGENT needs MIG_RNP_STATIC_LIB=/path/to/librnp.a "
                        "(scripts/build-static-agent builds one)")
  endif()
  set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
  set(OPENSSL_USE_STATIC_LIBS TRUE)
  set(ZLIB_USE_STATIC_LIBS TRUE)
  get_filename_component(rnp_static_dir "${MIG_RNP_STATIC_LIB}" DIRECTORY)
  list(PREPEND CMAKE_LIBRARY_PATH "${rnp_static_dir}")
endif()

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(Boost 1.74 REQUIRED)  # header-only: Asio and Beast (mig-api's server, the agent's GET /ip)

pkg_check_modules(RNP REQUIRED IMPORTED_TARGET librnp)
pkg_check_modules(GPGME REQUIRED IMPORTED_TARGET gpgme)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(HYPERSCAN REQUIRED IMPORTED_TARGET libhs)
pkg_check_modules(RABBITMQ REQUIRED IMPORTED_TARGET librabbitmq)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(LIBEDIT REQUIRED IMPORTED_TARGET libedit)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# mig-api's geolocation of agents ([geo] database, a MaxMind DB file).
pkg_check_modules(MAXMINDDB REQUIRED IMPORTED_TARGET libmaxminddb)
# YAML scribe policies (mig scribe -path), read by the client.
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)
# The firewall module's nftables. Debian ships no static archive of it: the
# static agent is built without, and its firewall module says so when asked.
if(NOT MIG_STATIC_AGENT)
  pkg_check_modules(NFTABLES REQUIRED IMPORTED_TARGET libnftables)
endif()
# The pkg module's RPM database reader (librpm-dev). Optional: without it (and
# in the static agent: Debian ships no librpm.a), RPM contributes no packages.
if(NOT MIG_STATIC_AGENT)
  pkg_check_modules(LIBRPM IMPORTED_TARGET rpm)
endif()

if(MIG_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(MIG_BUILD_BENCH)
  find_package(benchmark QUIET)
endif()

# Third-party headers are system headers: their warnings are not ours to fix.
foreach(tgt PkgConfig::RNP PkgConfig::GPGME PkgConfig::RE2 PkgConfig::HYPERSCAN
            PkgConfig::RABBITMQ PkgConfig::SQLITE3 PkgConfig::LIBPQ PkgConfig::LIBEDIT
            PkgConfig::HTTPLIB PkgConfig::NFTABLES PkgConfig::LIBRPM PkgConfig::YAML
            PkgConfig::MAXMINDDB)
  if(NOT TARGET ${tgt})
    continue()
  endif()
  get_target_property(dirs ${tgt} INTERFACE_INCLUDE_DIRECTORIES)
  if(dirs)
    set_target_properties(${tgt} PROPERTIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${dirs}")
  endif()
endforeach()

# fmt and spdlog are used header-only in the static agent (Debian ships no
# static archive of fmt); static archives also need their private dependencies.
set(MIG_FMT fmt::fmt)
if(MIG_STATIC_AGENT)
  set(MIG_FMT fmt::fmt-header-only)
  foreach(p RNP GPGME RE2 HYPERSCAN RABBITMQ YAML)
    # The compiler driver adds its own runtime (and there is no libgcc_s.a).
    set(libs ${${p}_STATIC_LIBRARIES})
    list(REMOVE_ITEM libs gcc_s gcc c)
    set_property(TARGET PkgConfig::${p} APPEND PROPERTY INTERFACE_LINK_LIBRARIES ${libs})
    set_property(TARGET PkgConfig::${p} APPEND PROPERTY INTERFACE_LINK_DIRECTORIES
                                                        ${${p}_STATIC_LIBRARY_DIRS})
  endforeach()
  set_property(TARGET PkgConfig::RNP APPEND PROPERTY INTERFACE_LINK_DIRECTORIES ${rnp_static_dir})
endif()
