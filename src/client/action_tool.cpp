#include "client/action_tool.h"

#include <iostream>

#include "client/action_sign.h"
#include "client/action_verify.h"
#include "client/action_weigh.h"

namespace mig::client {

namespace {

void PrintUsage(std::ostream& out) {
  out << "usage: mig action <sign|verify|weigh> FILE [options]\n\n"
         "  sign FILE           fill in the times, compress, sign and print the action\n"
         "  sign --append FILE  add your signature to a signed action (a second investigator)\n"
         "  verify FILE         check signatures, validity window and (with --acl) permissions\n"
         "  weigh FILE          per operation: valid signatures, their ACL weight, what it "
         "lacks\n\n"
         "run 'mig action sign --help' (or verify, weigh) for options and examples\n";
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
  if (args[0] == "weigh") return RunActionWeigh(rest);
  if (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    PrintUsage(std::cout);
    return 0;
  }
  std::cerr << "mig action: unknown subcommand '" << args[0] << "'\n";
  PrintUsage(std::cerr);
  return 2;
}

}  // namespace mig::client
