#include "test_geodb.h"

#include "test_env.h"

namespace mig::test {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string MakeTestGeoDb(const std::string& path, const std::string& options) {
  const CommandOutput r = RunShell(Quote(SourceDir() + "/tests/support/make-test-geodb") + " " +
                                   options + " " + Quote(path) + " 2>&1");
  if (r.exit_code == 0) return "";
  return "make-test-geodb exited " + std::to_string(r.exit_code) + ": " + r.output;
}

}  // namespace mig::test
