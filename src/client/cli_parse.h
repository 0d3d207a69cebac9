// Running a CLI11 parser the same way for every `mig` subcommand: --help
// prints to stdout (exit 0), a usage error prints one clear line and a hint
// to stderr (exit 2).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace mig::client {

// nullopt when parsing succeeded and the command should run; otherwise the
// exit status to return right away.
std::optional<int> ParseCommandLine(CLI::App& app, const std::vector<std::string>& args);

}  // namespace mig::client
