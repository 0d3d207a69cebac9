#include "modules/netstat/params.h"

#include <charconv>

#include <re2/re2.h>

#include "modules/go_flags.h"
#include "modules/go_json.h"
#include "modules/netstat/ip_net.h"

namespace mig::modules::netstat {
namespace {

Status ValidateMac(const std::string& value) {
  RE2 re(value, RE2::Quiet);
  if (re.ok()) return Status::Ok();
  return Status::Error("Invalid MAC regexp '" + value + "'. Compilation failed with '" +
                       re.error() + "'. Must be a valid regular expression.");
}

Status ValidateIp(const std::string& value) {
  const std::string family = value.find(':') != std::string::npos ? "IPv6" : "IPv4";
  const size_t slash = value.find('/');
  if (slash != std::string::npos && slash > 0) {
    if (ParseCidr(value)) return Status::Ok();
    return Status::Error("invalid " + family + " CIDR " + value +
                         ": invalid CIDR address: " + value + ". Must be an IP or a CIDR.");
  }
  if (ParseIp(value)) return Status::Ok();
  return Status::Error("invalid " + family + " " + value + ". Must be an IP or a CIDR.");
}

Status ValidatePort(const std::string& value) {
  long long port = -1;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
  if (value.empty() || end != value.data() + value.size() ||
      (ec != std::errc() && ec != std::errc::result_out_of_range))
    return Status::Error(value + " is not a valid port");
  if (ec == std::errc::result_out_of_range || port < 0 || port > 65535)
    return Status::Error("port out of range. must be between 1 and 65535");
  return Status::Ok();
}

}  // namespace

Result<Parameters> DecodeParameters(const Json& json) {
  if (Status st = gojson::RequireObject(json, "netstat.params"); !st) return st;
  Parameters p;
  const std::string w = "params";
  for (auto [key, list] : {std::pair{"localmac", &p.localmac},
                           {"localip", &p.localip},
                           {"neighbormac", &p.neighbormac},
                           {"neighborip", &p.neighborip},
                           {"connectedip", &p.connectedip},
                           {"listeningport", &p.listeningport}}) {
    if (Status st = gojson::ReadStringList(json, key, w, list); !st) return st;
  }
  if (Status st = gojson::ReadBool(json, "namespaces", w, &p.namespaces); !st) return st;
  return p;
}

Status ValidateParameters(const Parameters& params) {
  for (const auto& v : params.localmac)
    if (Status st = ValidateMac(v); !st) return st;
  for (const auto& v : params.neighbormac)
    if (Status st = ValidateMac(v); !st) return st;
  for (const auto* list : {&params.localip, &params.neighborip, &params.connectedip})
    for (const auto& v : *list)
      if (Status st = ValidateIp(v); !st) return st;
  for (const auto& v : params.listeningport)
    if (Status st = ValidatePort(v); !st) return st;
  return Status::Ok();
}

OrderedJson ParametersToJson(const Parameters& params) {
  OrderedJson j = OrderedJson::object();
  for (auto [key, list] : {std::pair{"localmac", &params.localmac},
                           {"localip", &params.localip},
                           {"neighbormac", &params.neighbormac},
                           {"neighborip", &params.neighborip},
                           {"connectedip", &params.connectedip},
                           {"listeningport", &params.listeningport}}) {
    if (!list->empty()) j[key] = *list;
  }
  j["namespaces"] = params.namespaces;
  return j;
}

namespace {

// The one registration of `mig netstat` flags: the parser and the description.
FlagSet DeclareFlags(Parameters& p) {
  FlagSet flags("mig netstat");
  flags.List("lm", &p.localmac, "local MAC address of an interface (case-insensitive regex)");
  flags.List("nm", &p.neighbormac, "MAC address in the neighbour table (regex)");
  flags.List("li", &p.localip, "local IP address or CIDR of an interface");
  flags.List("ni", &p.neighborip, "IP address or CIDR in the neighbour table");
  flags.List("ci", &p.connectedip, "remote IP address or CIDR of a TCP or UDP socket");
  flags.List("lp", &p.listeningport, "local port of a listening socket");
  flags.Bool("namespaces", &p.namespaces, "search every network namespace that has a process");
  return flags;
}

}  // namespace

Result<Parameters> ParseNetstatArgs(const std::vector<std::string>& args, const FileSource& files) {
  Parameters p;
  if (Status st = DeclareFlags(p).Parse(args, files); !st) return st;
  return p;
}

std::vector<FlagInfo> NetstatFlags() {
  Parameters p;
  return DeclareFlags(p).Describe();
}

std::string NetstatUsage() {
  return R"(mig netstat - network state of the endpoint (Linux: /proc/net, netlink)

usage: mig netstat [-t local | --local] <search flags>

search flags (each may be repeated; every value is searched on its own):
  -lm <regex>     local MAC address of an interface (case-insensitive regex,
                  MACs written lower-case like 8c:70:5a:c8:be:50)
  -li <ip|cidr>   local IP address of an interface (a plain IPv6 must be in
                  compressed form: ::1)
  -nm <regex>     MAC address in the neighbour table (ARP and IPv6 NDP)
  -ni <ip|cidr>   IP address in the neighbour table
  -ci <ip|cidr>   remote address of a TCP or UDP socket (IPv4 values also
                  match IPv4-mapped peers of IPv6 sockets)
  -lp <port>      local port of a listening socket (TCP in LISTEN state,
                  unconnected bound UDP)
  -namespaces     search every network namespace that has a process
                  (neighbours, connections, listening ports)

examples:
  mig netstat -t local -ci 1.2.3.4              is this botnet IP connected?
  mig netstat -t local -ci 203.0.113.0/24 -ci 2001:db8::/32
  mig netstat -t local -nm 8c:70:5a:c8:be:50    which host saw this MAC?
  mig netstat -t local -lp 4444 -namespaces     is anything listening on 4444,
                                                in any container?
  mig netstat -t local -lm '^8c:70' -li 10.0.0.0/8

Global options (-t, -show, -p) must come before the search flags.
)";
}

}  // namespace mig::modules::netstat
