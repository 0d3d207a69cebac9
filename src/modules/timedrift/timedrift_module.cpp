#include "modules/timedrift/timedrift_module.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "modules/go_flags.h"
#include "modules/go_format.h"
#include "modules/go_json.h"
#include "modules/registry.h"
#include "modules/timedrift/duration.h"
#include "modules/timedrift/ntp_client.h"

namespace mig::modules::timedrift {
namespace {

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ModuleResult Failure(const std::string& message) {
  ModuleResult r;
  r.errors.push_back(message);
  return r;
}

Result<std::string> DecodeDrift(const Json& parameters) {
  if (Status st = gojson::RequireObject(parameters, "timedrift.params"); !st) return st;
  std::string drift;
  if (Status st = gojson::ReadString(parameters, "drift", "params", &drift); !st) return st;
  return drift;
}

Result<int64_t> ValidateDrift(const std::string& drift) {
  if (drift.empty()) return int64_t{0};
  auto ns = ParseGoDuration(drift);
  if (!ns)
    return Result<int64_t>::Error(ns.error() +
                                  " (drift must be a duration such as 5s, 1m30s or 500ms)");
  if (*ns < 0) return Result<int64_t>::Error("drift must not be negative, got " + drift);
  return ns;
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

ModuleResult RunTimedrift(const Json& parameters, const NtpOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto drift_text = DecodeDrift(parameters);
  if (!drift_text) return Failure(drift_text.error());
  auto drift = ValidateDrift(*drift_text);
  if (!drift) return Failure(drift.error());

  ModuleResult r;
  OrderedJson elements = OrderedJson::object();
  elements["hascheckeddrift"] = false;
  const std::string localtime = FormatRfc3339Local(NowNs());
  OrderedJson stats = OrderedJson::array();
  std::vector<std::string> drifts;
  bool within = true;
  bool checked = false;
  if (!drift_text->empty()) {
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
      if (local_ns < t - *drift) {
        within = false;
        drifts.push_back("Local time is behind ntp host " + host + " by " +
                         FormatGoDuration(t - local_ns));
      } else if (local_ns > t + *drift) {
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
  if (within && !drift_text->empty()) elements["iswithindrift"] = true;
  if (!drifts.empty()) elements["drifts"] = drifts;
  elements["localtime"] = localtime;
  r.elements = elements;
  // A missing or unreadable ntp.conf is informational (MIG failed the run).
  r.success = drift_text->empty() || checked;
  r.found_anything = drift_text->empty() ? true : (checked && !within);
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count();
  r.statistics = OrderedJson::object();
  r.statistics["exectime"] = FormatGoDuration(elapsed);
  if (!stats.empty()) r.statistics["ntpstats"] = stats;
  return r;
}

std::vector<std::string> PrintTimedriftResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  const OrderedJson& e = result.elements;
  if (e.is_object()) {
    lines.push_back("local time is " + e.value("localtime", std::string()));
    if (e.value("hascheckeddrift", false)) {
      if (e.value("iswithindrift", false)) {
        lines.push_back("local time is within acceptable drift from NTP servers");
      } else {
        lines.push_back("local time is out of sync from NTP servers");
        if (auto d = e.find("drifts"); d != e.end() && d->is_array())
          for (const auto& line : *d)
            lines.push_back(line.get<std::string>());
      }
    }
  }
  if (found_only) return lines;
  for (const auto& err : result.errors) {
    lines.push_back("error:");
    lines.push_back(err);
  }
  const OrderedJson& st = result.statistics;
  if (st.is_object()) {
    lines.push_back("stat: execution time was " + st.value("exectime", std::string()));
    if (auto n = st.find("ntpstats"); n != st.end() && n->is_array()) {
      for (const auto& s : *n) {
        const std::string host = s.value("host", std::string());
        if (!s.value("reachable", false)) {
          lines.push_back("stat: " + host + " was unreachable");
          continue;
        }
        lines.push_back("stat: " + host + " responded in " + s.value("latency", std::string()) +
                        " with time " + s.value("time", std::string()) + ". local time drifts by " +
                        s.value("drift", std::string()));
      }
    }
  }
  lines.push_back(result.success ? "timedrift module has succeeded"
                                 : "timedrift module has failed");
  return lines;
}

ModuleResult TimedriftModule::Run(const Json& parameters) {
  return RunTimedrift(parameters, NtpOptions{});
}

std::vector<std::string> TimedriftModule::Print(const ModuleResult& result, bool found_only) const {
  return PrintTimedriftResult(result, found_only);
}

Result<Json> TimedriftModule::ParametersFromArgs(const std::vector<std::string>& args) const {
  std::string drift;
  FlagSet flags("mig timedrift");
  flags.String("drift", &drift);
  if (Status st = flags.Parse(args); !st) return st;
  if (auto d = ValidateDrift(drift); !d) return d.status();
  return Json{{"drift", drift}};
}

std::string TimedriftModule::Usage() const {
  return R"(mig timedrift - the endpoint's local time, and its drift from NTP

usage: mig timedrift [-t local | --local] [-drift <duration>]

  -drift <d>  also ask NTP servers for the time and report endpoints whose
              clock is off by more than d (Go duration: 5s, 1m30s, 500ms).
              Without it, only the local time is reported.

NTP servers: the server/pool lines of /etc/ntp.conf and chrony's config,
then time.nist.gov and [0-3].pool.ntp.org; the first that answers is used.
A missing ntp.conf is not an error.

examples:
  mig timedrift -t local                  local time of the endpoint
  mig timedrift -t local -drift 5s        is the clock within 5s of NTP?
  mig timedrift -show all -drift 60s      (fleet) list every endpoint's drift
)";
}

}  // namespace mig::modules::timedrift

MIG_REGISTER_MODULE(timedrift, ::mig::modules::timedrift::TimedriftModule)
