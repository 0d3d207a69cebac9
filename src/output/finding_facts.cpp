#include "output/finding_facts.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "output/element_fields.h"

namespace mig::output {

Severity FindingSeverity(const Finding& finding, const Action& action) {
  if (finding.outcome != Outcome::kMatch && finding.outcome != Outcome::kFail)
    return Severity::kInformational;
  std::string level = action.threat.level;
  std::transform(level.begin(), level.end(), level.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (level == "info" || level == "informational") return Severity::kInformational;
  if (level == "low") return Severity::kLow;
  if (level == "high") return Severity::kHigh;
  if (level == "critical") return Severity::kCritical;
  return Severity::kMedium;
}

std::string SeverityCaption(Severity severity) {
  switch (severity) {
    case Severity::kInformational:
      return "Informational";
    case Severity::kLow:
      return "Low";
    case Severity::kMedium:
      return "Medium";
    case Severity::kHigh:
      return "High";
    case Severity::kCritical:
      return "Critical";
    case Severity::kUnknown:
      break;
  }
  return "Unknown";
}

std::string FindingUid(const Finding& finding, const Action& action, const Command& command) {
  return "mig-" + std::to_string(action.id) + "-" + std::to_string(command.id) + "-" +
         std::to_string(finding.operation) + "-" + std::to_string(finding.index);
}

Time FindingTime(const Command& command) {
  const Time& t = command.finish_time;
  if (t.IsZero() || t == Time::FinishSentinel() || t == Time::StartSentinel()) return Time::Now();
  return t;
}

int64_t UnixMillis(const Time& t) {
  return t.seconds * 1000 + t.nanos / 1000000;
}

std::string IsoMillis(const Time& t) {
  std::tm tm{};
  const time_t s = static_cast<time_t>(t.seconds);
  gmtime_r(&s, &tm);
  char buf[96];  // room for any int the format checker imagines
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(t.nanos / 1000000));
  return buf;
}

std::vector<std::string> AgentIps(const Agent& agent) {
  std::vector<std::string> ips, loopback;
  auto add = [&](const std::string& text) {
    std::string ip = IpLiteral(text);
    if (ip.empty() || ips.size() + loopback.size() >= 64) return;
    if (std::find(ips.begin(), ips.end(), ip) != ips.end() ||
        std::find(loopback.begin(), loopback.end(), ip) != loopback.end())
      return;
    (ip.rfind("127.", 0) == 0 || ip == "::1" ? loopback : ips).push_back(ip);
  };
  for (const auto& a : agent.environment.addresses)
    add(a);
  add(agent.environment.public_ip);
  ips.insert(ips.end(), loopback.begin(), loopback.end());
  if (ips.size() > 16) ips.resize(16);
  return ips;
}

std::string OsFamily(const Agent& agent) {
  const std::string& os = agent.environment.os;
  if (os == "linux") return "linux";
  if (os == "windows") return "windows";
  if (os == "darwin") return "macos";
  if (os == "freebsd" || os == "openbsd" || os == "netbsd" || os == "solaris") return "unix";
  return "";
}

std::string OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kMatch:
      return "match";
    case Outcome::kNoMatch:
      return "nomatch";
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kError:
      return "error";
  }
  return "error";
}

}  // namespace mig::output
