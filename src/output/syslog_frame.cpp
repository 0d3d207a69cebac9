#include "output/syslog_frame.h"

#include <algorithm>

#include "output/finding_facts.h"

namespace mig::output {

std::string SyslogHeaderField(std::string_view value, size_t max) {
  std::string out;
  for (char c : value.substr(0, std::min(value.size(), max))) {
    const auto u = static_cast<unsigned char>(c);
    out += u >= 33 && u <= 126 ? c : '_';
  }
  return out.empty() ? "-" : out;
}

std::string FormatSyslogMessage(const SyslogHeader& h, std::string_view message) {
  const int facility = std::clamp(h.facility, 0, 23);
  const int severity = std::clamp(h.severity, 0, 7);
  std::string out = "<" + std::to_string(facility * 8 + severity) + ">1 ";
  out += IsoMillis(h.timestamp) + " ";
  out += SyslogHeaderField(h.hostname, 255) + " ";
  out += SyslogHeaderField(h.app_name, 48) + " ";
  out += SyslogHeaderField(h.procid, 128) + " ";
  out += SyslogHeaderField(h.msgid, 32) + " - ";
  for (char c : message)
    out += c == '\n' || c == '\r' ? ' ' : c;
  return out;
}

std::string OctetCountedFrame(std::string_view message) {
  return std::to_string(message.size()) + " " + std::string(message);
}

int SyslogSeverity(int ocsf_severity_id) {
  switch (ocsf_severity_id) {
    case 5:
      return 2;  // critical -> crit
    case 4:
      return 3;  // high -> err
    case 3:
      return 4;  // medium -> warning
    case 2:
      return 5;  // low -> notice
    default:
      return 6;  // informational, unknown -> info
  }
}

}  // namespace mig::output
