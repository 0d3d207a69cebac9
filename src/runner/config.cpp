#include "runner/config.h"

#include <charconv>
#include <vector>

namespace mig::runner {
namespace {

const std::vector<std::string> kKnownKeys = {
    "runner.directory",  "runner.checkdirectory", "runner.plugintimeout", "client.clientconfpath",
    "client.passphrase", "client.delayresults",   "logging.mode",         "logging.level",
    "logging.file",      "logging.maxfilesize",   "logging.host",         "logging.port",
    "logging.protocol",  "logging.facility"};

// A Go duration ("30s", "5m") or, as MIG's checkdirectory is written, a bare
// number of seconds. At least one second, at most a day.
Result<std::chrono::seconds> ReadSeconds(const ConfigFile& f, const char* section, const char* key,
                                         std::chrono::seconds fallback, bool zero_ok) {
  const std::string v = f.Get(section, key);
  const std::string where = std::string("[") + section + "] " + key;
  if (v.empty()) return fallback;
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  if (ec != std::errc() || end != v.data() + v.size()) {
    auto ns = ParseGoDuration(v);
    if (!ns) return Status::Error(where + ": '" + v + "' is neither seconds nor a duration");
    seconds = *ns / 1'000'000'000;
    if (*ns > 0 && seconds == 0) seconds = 1;
  }
  if (seconds < (zero_ok ? 0 : 1) || seconds > 86400) {
    return Status::Error(where + ": " + v + " is outside " + (zero_ok ? "0" : "1") + "s to 24h");
  }
  return std::chrono::seconds(seconds);
}

}  // namespace

Result<RunnerConfig> ParseRunnerConfig(const ConfigFile& f) {
  if (auto unknown = f.UnknownKeys(kKnownKeys); !unknown.empty()) {
    std::string list;
    for (const auto& k : unknown)
      list += (list.empty() ? "" : ", ") + k;
    return Status::Error("unknown configuration keys: " + list);
  }
  RunnerConfig c;
  c.directory = f.Get("runner", "directory", c.directory);
  if (c.directory.empty() || c.directory[0] != '/')
    return Status::Error("[runner] directory must be an absolute path");
  while (c.directory.size() > 1 && c.directory.back() == '/')
    c.directory.pop_back();
  auto check = ReadSeconds(f, "runner", "checkdirectory", c.check_directory, false);
  if (!check) return check.status();
  c.check_directory = *check;
  auto plugin = ReadSeconds(f, "runner", "plugintimeout", c.plugin_timeout, false);
  if (!plugin) return plugin.status();
  c.plugin_timeout = *plugin;
  c.client_conf_path = f.Get("client", "clientconfpath");
  if (c.client_conf_path == "default") c.client_conf_path.clear();
  c.passphrase = f.Get("client", "passphrase");
  auto delay = ReadSeconds(f, "client", "delayresults", c.delay_results, true);
  if (!delay) return delay.status();
  c.delay_results = *delay;
  c.log_level = f.Get("logging", "level", c.log_level);
  if (f.Get("logging", "mode", "file") != "stdout") c.log_file = f.Get("logging", "file");
  return c;
}

Result<RunnerConfig> LoadRunnerConfig(const std::string& path) {
  auto file = ConfigFile::Load(path);
  if (!file) return file.status();
  auto c = ParseRunnerConfig(*file);
  if (!c) return c.status().Context(path);
  return c;
}

}  // namespace mig::runner
