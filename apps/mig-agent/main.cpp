// mig-agent: the endpoint agent. Without -m it runs as a daemon (or once, in
// check-in mode); with -m MODULE it is the child process that runs one module.
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "agent/config.h"
#include "agent/daemon.h"
#include "agent/module_launcher.h"
#include "agent/module_runner.h"
#include "agent/sandbox.h"

namespace {

constexpr const char* kDefaultConfig = "/etc/mig/mig-agent.cfg";

void PrintUsage(std::ostream& out) {
  out << "usage: mig-agent [-c CONFIG] [-m agent|agent-checkin] [-d] [-S] [-V]\n"
         "       mig-agent -m MODULE [-p]\n\n"
         "Daemon: connects out to the relay, heartbeats, runs the signed commands it\n"
         "receives (each operation in a child process) and publishes the results.\n"
         "It never listens on the network and stays in the foreground (use the\n"
         "systemd unit to run it as a service).\n\n"
         "  -c CONFIG        configuration file (default "
      << kDefaultConfig
      << "); when it is\n"
         "                   missing, the configuration compiled into this binary is used\n"
         "  -m agent         run as a daemon (the default)\n"
         "  -m agent-checkin run what is queued for this agent, then exit (for cron)\n"
         "  -d               debug logging\n"
         "  -S               print the effective configuration and exit\n"
         "  -V               print the version and exit\n"
         "  -m MODULE        run one module: read {\"class\":\"parameters\",\"parameters\":{...}}\n"
         "                   on stdin (ended by a newline or EOF), print one result JSON\n"
         "  -p               with -m MODULE: human-readable lines instead of JSON\n"
         "  --sandbox LIMITS with -m MODULE: enter the module's sandbox first, as the\n"
         "                   agent's children do (uid=65534,gid=65534,memory=MIB,cpu=S,files=N)\n\n"
         "Built-in configuration (CMake options at build time, each a file):\n"
         "  -DMIG_AGENT_CONFIG=agent.cfg  -DMIG_AGENT_ACL=acl.json  -DMIG_AGENT_KEYS=keys.asc\n"
         "  -DMIG_AGENT_CACERT=ca.pem  -DMIG_AGENT_CERT=cert.pem  -DMIG_AGENT_KEY=key.pem\n\n"
         "Configuration file (gcfg; every key optional, unknown keys are an error):\n"
         "  [agent]   relay = \"amqps://agent:ENROLLMENT-TOKEN@relay.example.net:5671/mig\"\n"
         "            relayaccount = own        own: log in as this agent (id and secret in\n"
         "                                      rundir; the URL's password enrolls it once);\n"
         "                                      shared: MIG's one account for all (weaker)\n"
         "            heartbeatfreq = 300s      moduletimeout = 300s    checkin = off\n"
         "            refreshenv = 5m           environment detected again this often (0s: once)\n"
         "            extraprivacymode = off    on: results masked by their module's privacy hook\n"
         "            discoverpublicip = off    on: GET <api>/ip at start and each refresh\n"
         "            api = \"https://mig.example.net/api/v1/\"   (only for discoverpublicip)\n"
         "            onlyverifypubkey = off    (on: any known signature runs an investigation;\n"
         "                                      never waives respond weights, docs/acl.md)\n"
         "            maxrunning = 4            tags = \"operator:IT\"\n"
         "            rundir = /var/lib/mig     confdir = /etc/mig      (tags repeatable)\n"
         "            maxresultsize = 16777216  (bytes; a larger result becomes an error)\n"
         "            socket = \"127.0.0.1:51664\" or \"\"  (no status socket yet)\n"
         "            proxies: not implemented, refused when set (the agent connects directly)\n"
         "  [respond] maxvalidity = \"1h\"  (1s-24h) a respond action must expire within this of\n"
         "            its validfrom; one without expiry or a longer window is refused\n"
         "  [stats]   maxactions = 15  (0-30; MIG keeps them for its socket only: none kept)\n"
         "  [certs]   ca = /etc/mig/ca.crt  cert = /etc/mig/agent.crt  key = /etc/mig/agent.key\n"
         "  [sandbox] enabled = on   uid = 65534  gid = 65534     (module children,\n"
         "            memorymib = 2048  cpuseconds = 600  openfiles = 1024  docs/sandbox.md)\n"
         "  [logging] level = info|debug|warning|err   file = /var/log/mig-agent.log\n"
         "<confdir>/acl.cfg replaces the built-in ACL (a respond module needs its own entry\n"
         "or a \"respond\" one, never \"default\": docs/acl.md); <confdir>/agentkeys/*.asc\n"
         "replace the built-in investigator keys. Work in flight is kept under\n"
         "<rundir>/journal.\n";
}

void SetupLogging(const mig::agent::AgentConfig& c, bool debug) {
  std::shared_ptr<spdlog::logger> logger;
  if (!c.log_file.empty()) {
    try {
      logger = spdlog::basic_logger_mt("mig-agent", c.log_file);
    } catch (const spdlog::spdlog_ex& e) {
      std::cerr << "mig-agent: cannot log to " << c.log_file << " (" << e.what()
                << "); logging to stderr\n";
    }
  }
  if (!logger) logger = spdlog::stderr_color_mt("mig-agent");
  spdlog::set_default_logger(logger);
  spdlog::set_level(debug ? spdlog::level::debug : spdlog::level::from_str(c.log_level));
  spdlog::flush_on(spdlog::level::info);
}

int RunModule(const std::string& module, bool print_lines, const std::string& sandbox) {
  if (!sandbox.empty()) {
    auto config = mig::agent::ParseSandboxArgument(sandbox);
    mig::Status entered = config ? mig::agent::EnterSandbox(module, *config) : config.status();
    if (!entered.ok()) {
      std::cout << entered.message() << "\n";  // the agent reports it
      return mig::agent::kSandboxSetupFailedExit;
    }
  }
  bool found = false;
  const std::string message = mig::agent::ReadModuleMessage(std::cin);
  const mig::ModuleResult result = mig::agent::RunModuleMessage(module, message, &found);
  std::cout << mig::agent::RenderModuleResult(module, result, print_lines && found);
  std::cout.flush();
  if (!found) {
    std::cerr << "mig-agent: module '" << module << "' is not available\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string mode = "agent", config_path = kDefaultConfig, sandbox;
  bool print_lines = false, debug = false, show_config = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      PrintUsage(std::cout);
      return 0;
    } else if (a == "-V") {
      std::cout << MIG_VERSION << "\n";
      return 0;
    } else if (a == "-p") {
      print_lines = true;
    } else if (a == "-d") {
      debug = true;
    } else if (a == "-f") {
      // MIG's "foreground": this agent never daemonizes itself.
    } else if (a == "-S") {
      show_config = true;
    } else if (a == "-m" && i + 1 < args.size()) {
      mode = args[++i];
    } else if (a == "--sandbox" && i + 1 < args.size()) {
      sandbox = args[++i];
    } else if (a == "-c" && i + 1 < args.size()) {
      config_path = args[++i];
    } else {
      std::cerr << "mig-agent: unknown or incomplete argument '" << a << "'\n"
                << "run mig-agent -h for help\n";
      return 2;
    }
  }
  if (mode != "agent" && mode != "agent-checkin") return RunModule(mode, print_lines, sandbox);

  auto config = mig::agent::LoadAgentConfig(config_path);
  if (!config) {
    std::cerr << "mig-agent: " << config.error() << "\n";
    return 2;
  }
  if (show_config) {
    std::cout << mig::agent::DescribeConfig(*config);
    return 0;
  }
  SetupLogging(*config, debug);
  mig::agent::DaemonOptions options;
  options.config = std::move(config.value());
  options.self_exe = mig::agent::SelfExecutable();
  options.checkin = mode == "agent-checkin" || options.config.checkin;
  return mig::agent::RunDaemon(options);
}
