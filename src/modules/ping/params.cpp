#include "modules/ping/params.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cmath>

#include "modules/go_flags.h"
#include "modules/go_json.h"

namespace mig::modules::ping {
namespace {

std::string FormatNumber(double v) {
  return gojson::Number(v).dump();
}

// The first address the name resolves to; the name itself when it does
// not resolve (MIG's order), empty when it resolves to nothing.
Result<std::string> Resolve(const std::string& destination) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  if (destination.empty() || getaddrinfo(destination.c_str(), nullptr, &hints, &list) != 0)
    return destination;
  std::string first;
  if (list && list->ai_addr) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (list->ai_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(list->ai_addr)->sin_addr, buf, sizeof buf);
    } else if (list->ai_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(list->ai_addr)->sin6_addr, buf,
                sizeof buf);
    }
    first = buf;
  }
  freeaddrinfo(list);
  if (first.empty()) return Result<std::string>::Error("FQDN does not resolve to any known ip");
  return first;
}

bool IsIp(const std::string& text) {
  unsigned char buf[16];
  return inet_pton(AF_INET, text.c_str(), buf) == 1 || inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

}  // namespace

Result<Parameters> DecodeParameters(const Json& json) {
  if (Status st = gojson::RequireObject(json, "ping.params"); !st) return st;
  Parameters p;
  const std::string w = "params";
  if (Status st = gojson::ReadString(json, "destination", w, &p.destination); !st) return st;
  if (Status st = gojson::ReadNumber(json, "destinationport", w, &p.destinationport); !st)
    return st;
  if (Status st = gojson::ReadString(json, "protocol", w, &p.protocol); !st) return st;
  if (Status st = gojson::ReadNumber(json, "count", w, &p.count); !st) return st;
  if (Status st = gojson::ReadNumber(json, "timeout", w, &p.timeout); !st) return st;
  return p;
}

Result<Target> ValidateParameters(const Parameters& params) {
  using R = Result<Target>;
  if (params.protocol != "icmp" && params.protocol != "tcp" && params.protocol != "udp")
    return R::Error(params.protocol + " is not a supported ping protocol (use icmp, tcp or udp)");
  Target t;
  if (params.protocol != "icmp") {
    if (!(params.destinationport >= 0 && params.destinationport <= 65535))
      return R::Error(params.protocol +
                      " ping requires a valid destination port between 0 and 65535, got " +
                      FormatNumber(params.destinationport));
    t.port = static_cast<int>(params.destinationport);
  }
  if (!(params.count >= 0 && params.count <= 1000))
    return R::Error("count must be between 0 and 1000 attempts (0 means 3), got " +
                    FormatNumber(params.count));
  if (!(params.timeout >= 0 && params.timeout <= 600))
    return R::Error("timeout must be between 0 and 600 seconds (0 means 5), got " +
                    FormatNumber(params.timeout));
  if (params.count >= 1) t.count = static_cast<int>(params.count);
  if (params.timeout >= 1) t.timeout_seconds = static_cast<int>(params.timeout);
  auto ip = Resolve(params.destination);
  if (!ip) return ip.status();
  if (!IsIp(*ip))
    return R::Error("destination IP is invalid: " + *ip +
                    " (destination must be an IP address or a host name that resolves)");
  t.ip = *ip;
  return t;
}

OrderedJson ParametersToJson(const Parameters& params) {
  OrderedJson j = OrderedJson::object();
  j["destination"] = params.destination;
  if (params.destinationport != 0) j["destinationport"] = gojson::Number(params.destinationport);
  j["protocol"] = params.protocol;
  if (params.count != 0) j["count"] = gojson::Number(params.count);
  if (params.timeout != 0) j["timeout"] = gojson::Number(params.timeout);
  return j;
}

namespace {

// The one registration of `mig ping` flags: the parser and the description.
FlagSet DeclareFlags(Parameters& p) {
  FlagSet flags("mig ping");
  flags.String("d", &p.destination,
               "destination IP or name (default www.google.com), resolved on the endpoint");
  flags.Number("dp", &p.destinationport, "destination port, required for tcp and udp");
  flags.String("p", &p.protocol, "protocol: icmp (default), tcp or udp");
  flags.Number("c", &p.count, "number of attempts (default 3), 100ms apart");
  flags.Number("t", &p.timeout, "seconds to wait for each attempt (default 5)");
  return flags;
}

}  // namespace

Result<Parameters> ParsePingArgs(const std::vector<std::string>& args, const FileSource& files) {
  Parameters p;
  p.destination = "www.google.com";
  p.destinationport = -1;
  p.protocol = "icmp";
  p.count = 3;
  p.timeout = 5;
  if (Status st = DeclareFlags(p).Parse(args, files); !st) return st;
  return p;
}

std::vector<FlagInfo> PingFlags() {
  Parameters p;
  return DeclareFlags(p).Describe();
}

std::string PingUsage() {
  return R"(mig ping - can the endpoint reach a destination? (icmp echo, tcp connect, udp probe)

usage: mig ping [-t local | --local] -d <ip|fqdn> [-p icmp|tcp|udp] [-dp <port>] [-c <n>] [-t <s>]

  -d <ip|fqdn>  destination (default www.google.com); a name is resolved on
                the endpoint and its first address is used
  -p <proto>    icmp (default), tcp or udp
  -dp <port>    destination port, required for tcp and udp
  -c <n>        number of attempts (default 3), 100ms apart
  -t <s>        seconds to wait for each attempt (default 5)

Put -d first: -t and -p placed before it are taken as global options.

results, one per attempt: latency in ms when the target answered; -1 when
it refused (closed port, ICMP unreachable); 9999999 when nothing came back
in time (for udp that counts as "maybe open"); 0 on any other error.
icmp uses a raw socket when root (or CAP_NET_RAW), else an unprivileged
ICMP datagram socket (needs net.ipv4.ping_group_range).

examples:
  mig ping -t local -d 10.0.0.1 -p icmp
  mig ping -t local -d 192.0.2.10 -p tcp -dp 443 -c 1 -t 2
  mig ping -t local -d 10.1.2.3 -p udp -dp 53 -c 10
  mig ping -show notfound -d 10.22.75.57 -p icmp   (hosts that cannot reach it)
)";
}

}  // namespace mig::modules::ping
