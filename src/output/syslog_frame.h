// RFC 5424 message formatting, kept apart from the sockets so that it can be
// checked byte for byte.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/time.h"

namespace mig::output {

struct SyslogHeader {
  int facility = 16;  // 0..23
  int severity = 6;   // 0..7
  Time timestamp;
  std::string hostname;  // cut to 255
  std::string app_name;  // cut to 48
  std::string procid;    // cut to 128
  std::string msgid;     // cut to 32
};

// A header field as RFC 5424 allows it: printable US-ASCII (33..126) only,
// every other byte replaced by '_', cut to max bytes; "-" (NILVALUE) when
// empty.
std::string SyslogHeaderField(std::string_view value, size_t max);

// "<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG". The message's
// CR and LF bytes become spaces so that a receiver splitting on newlines
// still sees one message (finding lines have none).
std::string FormatSyslogMessage(const SyslogHeader& header, std::string_view message);

// RFC 6587 octet counting: "LEN SP MESSAGE".
std::string OctetCountedFrame(std::string_view message);

// The syslog severity (0 emerg .. 7 debug) of an OCSF severity_id.
int SyslogSeverity(int ocsf_severity_id);

}  // namespace mig::output
