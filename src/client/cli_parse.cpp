#include "client/cli_parse.h"

#include <algorithm>
#include <iostream>

namespace mig::client {

std::optional<int> ParseCommandLine(CLI::App& app, const std::vector<std::string>& args) {
  // CLI11 takes the arguments last first.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << app.get_name() << ": " << e.what() << "\nrun '" << app.get_name()
              << " --help' for usage and examples\n";
    return 2;
  }
  return std::nullopt;
}

}  // namespace mig::client
