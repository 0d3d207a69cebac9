#include "run_mig.h"
#include "test_env.h"

namespace mig::test {

std::string Quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

CommandOutput Mig(const std::string& args, const std::string& env) {
  // In a subshell: RunShell appends 2>&1, which must not undo our redirections.
  return RunShell("(" + env + " " + Quote(mig::test::BinaryDir() + "/apps/mig/mig") + " " + args +
                  ")");
}

MigStdout MigStdoutOnly(const std::string& args, const TempDir& scratch) {
  const std::string file = scratch.Sub("stdout");
  auto run = Mig(args + " > " + Quote(file) + " 2>/dev/null");
  return {run.exit_code, ReadFile(file)};
}

std::string ExampleFile(const std::string& name) {
  return MigExamplesDir() + "/" + name;
}

std::string DocsExample(const std::string& name) {
  return mig::test::SourceDir() + "/docs/examples/" + name;
}

}  // namespace mig::test
