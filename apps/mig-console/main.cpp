// mig-console: the investigator's interactive console (docs/mig-console.md).
#include <cstdlib>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "client/cli_parse.h"
#include "client/migrc.h"
#include "console/client_console_api.h"
#include "console/console.h"
#include "console/line_reader.h"

int main(int argc, char** argv) {
  CLI::App app{"mig-console: interactive console of the MIG API (docs/mig-console.md)",
               "mig-console"};
  std::string migrc = mig::client::DefaultMigrcPath();
  bool quiet = false, verbose = false, version = false;
  app.add_option("-c", migrc, "configuration file (default ~/.migrc)");
  app.add_flag("-q", quiet, "no banner");
  app.add_flag("-v", verbose, "debug output: requests and answers");
  app.add_flag("-V", version, "print the version and exit");
  if (auto rc = mig::client::ParseCommandLine(app, std::vector<std::string>(argv + 1, argv + argc)))
    return *rc;
  if (version) {
    std::cout << "mig-console " << MIG_VERSION << "\n";
    return 0;
  }
  auto rc = mig::client::LoadMigrc(migrc);
  if (!rc) {
    std::cerr << "mig-console: " << rc.error() << "\n";
    return 2;
  }
  auto api = mig::console::ClientConsoleApi::Create(*rc, verbose);
  if (!api) {
    std::cerr << "mig-console: " << api.error() << "\n";
    return 2;
  }
  const char* home = std::getenv("HOME");
  mig::console::LineReader reader("mig-console", home ? std::string(home) + "/.mig_history" : "");
  mig::console::Session session{**api, reader, std::cout, (*api)->ConfigText()};
  return mig::console::RunConsole(session, {.banner = !quiet});
}
