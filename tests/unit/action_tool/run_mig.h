// Running the built `mig` binary from the action tool tests.
#pragma once

#include <string>

#include "test_env.h"

namespace mig::test {

// Quotes one shell word.
std::string Quote(const std::string& word);

// Runs `mig ARGS` (ARGS are shell words); output is what the shell command prints.
// env: variable assignments put before the command ("GNUPGHOME=/x").
CommandOutput Mig(const std::string& args, const std::string& env = "");

// Runs `mig ARGS` and returns only its stdout, byte for byte, and the status.
struct MigStdout {
  int exit_code = -1;
  std::string out;
};
MigStdout MigStdoutOnly(const std::string& args, const TempDir& scratch);

// Files of MIG's signed examples (tests/data/mig-examples) and of docs/examples.
std::string ExampleFile(const std::string& name);
std::string DocsExample(const std::string& name);

}  // namespace mig::test
