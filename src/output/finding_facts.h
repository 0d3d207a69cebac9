// What both formats compute the same way from a finding and its command:
// severity, identity, time, the agent's addresses and operating system.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/documents.h"
#include "output/command_findings.h"
#include "output/finding.h"

namespace mig::output {

inline constexpr const char* kProductName = "MIG";
inline constexpr const char* kProductVendor = "mig-cpp (Mozilla InvestiGator rebuilt in C++)";

// Pass, no-match and errors are informational; a match or a failed check
// takes the action's threat level (info, low, medium, high, critical), or
// medium when the action gives none.
Severity FindingSeverity(const Finding& finding, const Action& action);
std::string SeverityCaption(Severity severity);

// "mig-<action>-<command>-<operation>-<index>": the same finding sent twice
// keeps its identity, so a SIEM can deduplicate.
std::string FindingUid(const Finding& finding, const Action& action, const Command& command);

// When the agent answered (the command's finish time), else now.
Time FindingTime(const Command& command);
int64_t UnixMillis(const Time& t);
// "2026-12-03T14:29:40.123Z"
std::string IsoMillis(const Time& t);

// Valid IP literals of the agent: its interface addresses (without CIDR
// suffix), then its public IP; loopback addresses last; at most 16.
std::vector<std::string> AgentIps(const Agent& agent);

// "linux", "windows", "macos" (darwin) or "unix" (other BSDs...), "" unknown.
std::string OsFamily(const Agent& agent);

// "pass", "fail", "match", "nomatch", "error"
std::string OutcomeName(Outcome outcome);

}  // namespace mig::output
