#include "client/action_tool.h"

#include <iostream>

#include "client/action_sign.h"
#include "client/action_verify.h"

namespace mig::client {

namespace {

void PrintUsage(std::ostream& out) {
  out << "usage: mig action <sign|verify> FILE [options]\n\n"
         "  sign FILE     fill in the times, compress, sign and print the action\n"
         "  verify FILE   check signatures, validity window and (with --acl) permissions\n\n"
         "run 'mig action sign --help' or 'mig action verify --help' for options and examples\n";
}

}  // namespace

int RunActionTool(const std::vector<std::string>& args) {
  if (args.empty()) {
    PrintUsage(std::cerr);
    return 2;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "sign") return RunActionSign(rest);
  if (args[0] == "verify") return RunActionVerify(rest);
  if (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    PrintUsage(std::cout);
    return 0;
  }
  std::cerr << "mig action: unknown subcommand '" << args[0] << "'\n";
  PrintUsage(std::cerr);
  return 2;
}

}  // namespace mig::client
