// The tests' MaxMind DB, written at test time by tests/support/make-test-geodb
// (its header lists the networks and where they are placed).
#pragma once

#include <string>

namespace mig::test {

// Writes the database to `path`; options as the script takes them
// ("--country", "--ipv4"). Returns "" or what went wrong (the script's output).
std::string MakeTestGeoDb(const std::string& path, const std::string& options = "");

}  // namespace mig::test
