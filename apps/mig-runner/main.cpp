// mig-runner: launches the actions of the jobs under <directory>/runners/ on
// their cron schedules, signed with its own investigator key, and collects
// their results (docs/runner.md).
#include <iostream>
#include <string>
#include <vector>

#include "../daemon_startup.h"
#include "client/action_sign.h"
#include "client/api_client.h"
#include "client/migrc.h"
#include "runner/config.h"
#include "runner/gateway.h"
#include "runner/runner.h"

namespace {

void PrintUsage(std::ostream& out) {
  out << "usage: mig-runner [-c CONFIG] [-d] [-V]\n\n"
         "Runs the jobs of <directory>/runners/<job>/ (entity.cfg: schedule, plugin,\n"
         "expiry, sendonly; action.json): each schedule occurrence is launched once\n"
         "through mig-api, signed with the runner's investigator key; results are\n"
         "fetched after the action expired, written to results/<YYYYMMDD>/<id>.json\n"
         "and given to the job's plugin. Stop it with SIGINT or SIGTERM.\n\n"
         "  -c CONFIG  configuration file (default /etc/mig/runner.cfg)\n"
         "  -d         debug logging\n"
         "  -V         print the version and exit\n\n"
         "Configuration (gcfg):\n"
         "  [runner]  directory = /var/lib/mig/runner  checkdirectory = 30  plugintimeout = 2m\n"
         "  [client]  clientconfpath = default|/path/migrc  passphrase = ...  delayresults = 30s\n"
         "  [logging] level = info|debug|warning|err  file = /var/log/mig/runner.log\n";
}

}  // namespace

int main(int argc, char** argv) {
  const auto flags =
      mig::apps::ParseDaemonFlags(argc, argv, "mig-runner", "/etc/mig/runner.cfg", PrintUsage);
  if (flags.exit_status) return *flags.exit_status;
  auto config = mig::runner::LoadRunnerConfig(flags.config_path);
  if (!config) {
    std::cerr << "mig-runner: " << config.error() << "\n";
    return 2;
  }
  const std::string rc_path =
      config->client_conf_path.empty() ? mig::client::DefaultMigrcPath() : config->client_conf_path;
  auto rc = mig::client::LoadMigrc(rc_path);
  if (!rc) {
    std::cerr << "mig-runner: [client] clientconfpath: " << rc.error() << "\n";
    return 2;
  }
  rc->passphrase = config->passphrase;

  mig::apps::SetUpDaemonLogging("mig-runner", config->log_file, config->log_level, flags.debug);

  auto options = mig::client::ApiOptionsFromMigrc(*rc);
  options.timeout_seconds = 20;  // one slow API must not hold every job for long
  auto api = mig::client::ApiClient::Create(options);
  if (!api) {
    std::cerr << "mig-runner: " << rc_path << ": " << api.error() << "\n";
    return 2;
  }
  mig::runner::ApiGateway gateway(std::move(*api));
  const mig::client::Migrc signer_rc = *rc;
  mig::runner::Runner runner(*config, gateway, [signer_rc](mig::Action& action) {
    return mig::client::SignActionWithMigrc(signer_rc, action);
  });
  runner.Run(mig::apps::StopOnSignals());
  return 0;
}
