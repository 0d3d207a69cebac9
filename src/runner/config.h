// mig-runner's configuration (components.md 8), a gcfg file:
//   [runner]  directory = /var/lib/mig/runner   checkdirectory = 30
//             plugintimeout = 2m
//   [client]  clientconfpath = default | /etc/mig/runner.migrc
//             passphrase = "..."   delayresults = 30s
//   [logging] level = info   file = /var/log/mig/runner.log  (as the other daemons)
// Unknown keys are an error that names them, as everywhere in MIG.
#pragma once

#include <chrono>
#include <string>

#include "core/gcfg.h"
#include "core/status.h"

namespace mig::runner {

struct RunnerConfig {
  std::string directory = "/var/lib/mig/runner";
  std::chrono::seconds check_directory{30};
  // How long a plugin may run before it is killed.
  std::chrono::seconds plugin_timeout{120};
  std::string client_conf_path;  // empty: ~/.migrc ("default" in the file)
  std::string passphrase;        // of the investigator key; empty: gpg-agent
  std::chrono::seconds delay_results{30};
  std::string log_level = "info";
  std::string log_file;
};

Result<RunnerConfig> ParseRunnerConfig(const ConfigFile& file);
Result<RunnerConfig> LoadRunnerConfig(const std::string& path);

}  // namespace mig::runner
