// What the gcfg-configured daemons (mig-scheduler, mig-runner) do before
// their work starts: the same flags, the same logger, the same signals.
#pragma once

#include <signal.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace mig::apps {

struct DaemonFlags {
  std::string config_path;
  bool debug = false;
  // Set when the program has nothing more to do (help, version, bad flag):
  // main returns it.
  std::optional<int> exit_status;
};

// Reads -c CONFIG, -d, -V and -h/--help.
inline DaemonFlags ParseDaemonFlags(int argc, char** argv, const std::string& program,
                                    const std::string& default_config,
                                    void (*print_usage)(std::ostream&)) {
  DaemonFlags flags{default_config, false, std::nullopt};
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      print_usage(std::cout);
      flags.exit_status = 0;
      return flags;
    } else if (args[i] == "-V") {
      std::cout << MIG_VERSION << "\n";
      flags.exit_status = 0;
      return flags;
    } else if (args[i] == "-d") {
      flags.debug = true;
    } else if (args[i] == "-c" && i + 1 < args.size()) {
      flags.config_path = args[++i];
    } else {
      std::cerr << program << ": unknown or incomplete argument '" << args[i] << "'\nrun "
                << program << " -h for help\n";
      flags.exit_status = 2;
      return flags;
    }
  }
  return flags;
}

// The default logger: the configured file, else (or when it cannot be
// opened, which is said on stderr) stderr; -d forces debug.
inline void SetUpDaemonLogging(const std::string& program, const std::string& log_file,
                               const std::string& level, bool debug) {
  std::shared_ptr<spdlog::logger> logger;
  if (!log_file.empty()) {
    try {
      logger = spdlog::basic_logger_mt(program, log_file);
    } catch (const spdlog::spdlog_ex& e) {
      std::cerr << program << ": cannot log to " << log_file << ": " << e.what() << "\n";
    }
  }
  if (!logger) logger = spdlog::stderr_color_mt(program);
  spdlog::set_default_logger(logger);
  spdlog::set_level(debug ? spdlog::level::debug : spdlog::level::from_str(level));
  spdlog::flush_on(spdlog::level::info);
}

// SIGINT and SIGTERM set stop; SIGPIPE is ignored (a closed socket is an
// error to handle, not a reason to die).
inline std::atomic<bool>& StopOnSignals() {
  static std::atomic<bool> stop{false};
  auto on_signal = [](int) { stop = true; };
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);
  return stop;
}

}  // namespace mig::apps
