#include "modules/timedrift/engine/timedrift_engine.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "modules/go_format.h"
#include "modules/module_adapter.h"
#include "modules/timedrift/engine/ntp_client.h"
#include "modules/timedrift/timedrift_module.h"

namespace mig::modules::timedrift {
namespace {

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

OrderedJson Stat(const std::string& host, const std::string& time, const std::string& latency,
                 const std::string& drift, bool reachable) {
  OrderedJson s = OrderedJson::object();
  s["host"] = host;
  s["time"] = time;
  s["latency"] = latency;
  s["drift"] = drift;
  s["reachable"] = reachable;
  return s;
}

}  // namespace

std::string FormatRfc3339Local(int64_t unix_ns) {
  const time_t secs = static_cast<time_t>(unix_ns / 1000000000LL - (unix_ns % 1000000000LL < 0));
  int64_t frac = unix_ns % 1000000000LL;
  if (frac < 0) frac += 1000000000LL;
  tm local{};
  localtime_r(&secs, &local);
  char buf[64];
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &local);
  std::string out = buf;
  if (frac) {
    char f[16];
    std::snprintf(f, sizeof f, ".%09lld", static_cast<long long>(frac));
    std::string fs = f;
    while (fs.back() == '0')
      fs.pop_back();
    out += fs;
  }
  const long off = local.tm_gmtoff;
  if (off == 0) return out + "Z";
  char z[48];
  std::snprintf(z, sizeof z, "%c%02ld:%02ld", off < 0 ? '-' : '+', std::labs(off) / 3600,
                (std::labs(off) % 3600) / 60);
  return out + z;
}

std::vector<std::string> NtpServers(const NtpOptions& options, std::vector<std::string>* notes) {
  std::vector<std::string> servers;
  for (const auto& path : options.config_files) {
    std::ifstream in(path);
    if (!in) {
      const int err = errno;
      if (err != ENOENT)
        notes->push_back("Using backup NTP hosts. Failed to read " + path + " with error 'open " +
                         path + ": " + ErrnoText(err) + "'");
      continue;
    }
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string key, host;
      if (fields >> key >> host && (key == "server" || key == "pool")) servers.push_back(host);
    }
  }
  servers.insert(servers.end(), options.fallback_servers.begin(), options.fallback_servers.end());
  return servers;
}

ModuleResult RunTimedrift(const Parameters& params, int64_t drift_ns, const NtpOptions& options) {
  const auto start = std::chrono::steady_clock::now();

  ModuleResult r;
  OrderedJson elements = OrderedJson::object();
  elements["hascheckeddrift"] = false;
  const std::string localtime = FormatRfc3339Local(NowNs());
  OrderedJson stats = OrderedJson::array();
  std::vector<std::string> drifts;
  bool within = true;
  bool checked = false;
  if (!params.drift.empty()) {
    std::vector<std::string> tried;
    for (const auto& host : NtpServers(options, &r.errors)) {
      auto answer = QueryNtp(host, options.port, options.timeout_ms);
      if (!answer) {
        stats.push_back(Stat(host, "0001-01-01T00:00:00Z", "", "", false));
        tried.push_back(host + " (" + answer.error() + ")");
        continue;
      }
      const int64_t local_ns = NowNs();
      const int64_t t = answer->unix_ns;
      if (local_ns < t - drift_ns) {
        within = false;
        drifts.push_back("Local time is behind ntp host " + host + " by " +
                         FormatGoDuration(t - local_ns));
      } else if (local_ns > t + drift_ns) {
        within = false;
        drifts.push_back("Local time is ahead of ntp host " + host + " by " +
                         FormatGoDuration(local_ns - t));
      }
      checked = true;
      stats.push_back(Stat(host, FormatRfc3339Local(t), FormatGoDuration(answer->latency_ns),
                           FormatGoDuration(local_ns - t), true));
      break;
    }
    if (!checked) {
      std::string msg = "no NTP server answered, the drift could not be checked. Tried:";
      for (const auto& t : tried)
        msg += " " + t + ";";
      r.errors.push_back(msg);
    }
  }
  elements["hascheckeddrift"] = checked;
  if (within && !params.drift.empty()) elements["iswithindrift"] = true;
  if (!drifts.empty()) elements["drifts"] = drifts;
  elements["localtime"] = localtime;
  r.elements = elements;
  // A missing or unreadable ntp.conf is informational (MIG failed the run).
  r.success = params.drift.empty() || checked;
  r.found_anything = params.drift.empty() ? true : (checked && !within);
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count();
  r.statistics = OrderedJson::object();
  r.statistics["exectime"] = FormatGoDuration(elapsed);
  if (!stats.empty()) r.statistics["ntpstats"] = stats;
  return r;
}

ModuleResult RunTimedrift(const Json& parameters, const NtpOptions& options) {
  return RunWithEngine<TimedriftSpec>(parameters, [&options](const Parameters& p, int64_t drift) {
    return RunTimedrift(p, drift, options);
  });
}

namespace {

ModuleResult RunWithSystemServers(const Parameters& params, const int64_t& drift_ns) {
  return RunTimedrift(params, drift_ns, NtpOptions{});
}

}  // namespace
}  // namespace mig::modules::timedrift

MIG_REGISTER_MODULE_ENGINE(::mig::modules::timedrift::TimedriftSpec,
                           ::mig::modules::timedrift::RunWithSystemServers)
