#include "modules/firewall/params.h"

#include <cmath>

#include "core/gcfg.h"
#include "modules/go_flags.h"
#include "modules/go_json.h"

namespace mig::modules::firewall {
namespace {

const char* const kKeys[] = {"operation", "address", "direction", "port",
                             "protocol",  "ttl",     "keep",      "dryrun"};

bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

Status ReadOptionalString(const Json& json, const char* key, std::optional<std::string>* out) {
  std::string v;
  const Json* field = gojson::Field(json, key);
  if (!field || field->is_null()) return Status::Ok();
  if (Status st = gojson::ReadString(json, key, "params", &v); !st) return st;
  *out = v;
  return Status::Ok();
}

Result<Operation> ParseOperation(const std::string& name) {
  if (name == "list") return Operation::kList;
  if (name == "block") return Operation::kBlock;
  if (name == "unblock") return Operation::kUnblock;
  if (name == "isolate") return Operation::kIsolate;
  if (name == "release") return Operation::kRelease;
  if (name.empty())
    return Result<Operation>::Error(
        "no operation given (want list, block, unblock, isolate or release)");
  return Result<Operation>::Error("unknown operation " + Quote(name) +
                                  " (want list, block, unblock, isolate or release)");
}

Result<int64_t> ParseTtl(const std::string& text) {
  using R = Result<int64_t>;
  auto nanos = ParseGoDuration(text);
  if (!nanos) return R::Error("ttl " + Quote(text) + ": " + nanos.error());
  const int64_t ms = *nanos / 1'000'000;
  if (*nanos < kMinTtlMs * 1'000'000 || ms > kMaxTtlMs)
    return R::Error("ttl " + Quote(text) + " is out of range: every change expires after 1s to " +
                    "24h (renew it to keep it longer)");
  return ms;
}

// Which parameters an operation takes besides "operation" and "dryrun".
Status OnlyFor(const Parameters& p, Operation op) {
  auto refuse = [&](const char* key) {
    return Status::Error("parameter " + std::string(key) + " does not apply to operation " +
                         OperationName(op));
  };
  const bool block = op == Operation::kBlock;
  const bool has_address = op == Operation::kBlock || op == Operation::kUnblock;
  if (p.address && !has_address) return refuse("address");
  if (p.direction && !block) return refuse("direction");
  if (p.port && !block) return refuse("port");
  if (p.protocol && !block) return refuse("protocol");
  if (p.ttl && !block && op != Operation::kIsolate) return refuse("ttl");
  if (!p.keep.empty() && op != Operation::kIsolate) return refuse("keep");
  return Status::Ok();
}

}  // namespace

std::string OperationName(Operation op) {
  switch (op) {
    case Operation::kList:
      return "list";
    case Operation::kBlock:
      return "block";
    case Operation::kUnblock:
      return "unblock";
    case Operation::kIsolate:
      return "isolate";
    case Operation::kRelease:
      return "release";
  }
  return "list";
}

std::string DirectionName(Direction d) {
  switch (d) {
    case Direction::kIn:
      return "in";
    case Direction::kOut:
      return "out";
    case Direction::kBoth:
      return "both";
  }
  return "both";
}

std::string ProtocolName(Protocol p) {
  switch (p) {
    case Protocol::kTcp:
      return "tcp";
    case Protocol::kUdp:
      return "udp";
    case Protocol::kAny:
      return "any";
  }
  return "any";
}

Result<Parameters> DecodeParameters(const Json& json) {
  if (Status st = gojson::RequireObject(json, "firewall.params"); !st) return st;
  Parameters p;
  if (json.is_null()) return p;
  for (const auto& [key, value] : json.items()) {
    bool known = false;
    for (const char* k : kKeys)
      known = known || EqualFold(key, k);
    if (!known)
      return Status::Error("unknown parameter " + Quote(key) +
                           " (firewall takes operation, address, direction, port, protocol, ttl, "
                           "keep, dryrun)");
  }
  if (Status st = gojson::ReadString(json, "operation", "params", &p.operation); !st) return st;
  if (Status st = ReadOptionalString(json, "address", &p.address); !st) return st;
  if (Status st = ReadOptionalString(json, "direction", &p.direction); !st) return st;
  if (Status st = ReadOptionalString(json, "protocol", &p.protocol); !st) return st;
  if (Status st = ReadOptionalString(json, "ttl", &p.ttl); !st) return st;
  if (const Json* port = gojson::Field(json, "port"); port && !port->is_null()) {
    double v = 0;
    if (Status st = gojson::ReadNumber(json, "port", "params", &v); !st) return st;
    p.port = v;
  }
  if (Status st = gojson::ReadStringList(json, "keep", "params", &p.keep); !st) return st;
  if (Status st = gojson::ReadBool(json, "dryrun", "params", &p.dryrun); !st) return st;
  return p;
}

Result<Request> ValidateParameters(const Parameters& p) {
  using R = Result<Request>;
  Request r;
  r.dryrun = p.dryrun;
  auto op = ParseOperation(p.operation);
  if (!op) return op.status();
  r.operation = *op;
  if (Status st = OnlyFor(p, r.operation); !st) return st;
  if (r.operation == Operation::kBlock || r.operation == Operation::kUnblock) {
    if (!p.address) return R::Error(OperationName(r.operation) + " needs an address (ADDR[/LEN])");
    auto net = ParseNetwork(*p.address);
    if (!net) return net.status();
    r.network = *net;
  }
  if (p.direction) {
    if (*p.direction == "in") {
      r.direction = Direction::kIn;
    } else if (*p.direction == "out") {
      r.direction = Direction::kOut;
    } else if (*p.direction != "both") {
      return R::Error("direction " + Quote(*p.direction) + " is not in, out or both");
    }
  }
  if (p.protocol) {
    if (*p.protocol == "tcp") {
      r.protocol = Protocol::kTcp;
    } else if (*p.protocol == "udp") {
      r.protocol = Protocol::kUdp;
    } else {
      return R::Error("protocol " + Quote(*p.protocol) +
                      " cannot be given: a block names a protocol only with a port, and only "
                      "tcp or udp have ports (block the address without -port for every "
                      "protocol)");
    }
  }
  if (p.port) {
    const double v = *p.port;
    if (!(v >= 1 && v <= 65535) || std::floor(v) != v)
      return R::Error("port " + gojson::Number(v).dump() + " is out of range 1..65535");
    r.port = static_cast<int>(v);
    if (r.protocol == Protocol::kAny) return R::Error("a port needs a protocol: tcp or udp");
  } else if (r.protocol != Protocol::kAny) {
    return R::Error("protocol " + ProtocolName(r.protocol) +
                    " needs a port (without one the block covers every protocol)");
  }
  if (p.ttl) {
    auto ttl = ParseTtl(*p.ttl);
    if (!ttl) return ttl.status();
    r.ttl_ms = *ttl;
  }
  if (p.keep.size() > kMaxKeep)
    return R::Error("keep lists " + std::to_string(p.keep.size()) + " endpoints; at most " +
                    std::to_string(kMaxKeep));
  for (const auto& text : p.keep) {
    auto e = ParseEndpoint(text);
    if (!e) return R::Error("keep: " + e.error());
    r.keep.push_back(*e);
  }
  return r;
}

OrderedJson ParametersToJson(const Parameters& p) {
  OrderedJson j = OrderedJson::object();
  j["operation"] = p.operation;
  if (p.address) j["address"] = *p.address;
  if (p.direction) j["direction"] = *p.direction;
  if (p.port) j["port"] = gojson::Number(*p.port);
  if (p.protocol) j["protocol"] = *p.protocol;
  if (p.ttl) j["ttl"] = *p.ttl;
  if (!p.keep.empty()) j["keep"] = p.keep;
  if (p.dryrun) j["dryrun"] = true;
  return j;
}

namespace {

struct Cli {
  bool list = false, isolate = false, release = false;
  std::string block, unblock, direction, port, protocol, ttl;
  Parameters p;
};

// The one registration of `mig firewall` flags: the parser and the description.
FlagSet DeclareFlags(Cli& c) {
  FlagSet flags("mig firewall");
  flags.Bool("list", &c.list, "list MIG's blocks and isolation");
  flags.String("block", &c.block, "drop traffic with this IPv4/IPv6 address or network");
  flags.String("unblock", &c.unblock, "remove every block of exactly this address or network");
  flags.Bool("isolate", &c.isolate,
             "drop everything but loopback and the agent's own relay and API connections");
  flags.Bool("release", &c.release, "end the isolation");
  flags.String("direction", &c.direction, "direction of a block: in, out or both");
  flags.String("port", &c.port, "block only this port (with -proto)");
  flags.String("proto", &c.protocol, "protocol of -port: tcp or udp");
  flags.String("ttl", &c.ttl, "how long a block or isolation lasts (default 1h, 1s to 24h)");
  flags.Bool("dryrun", &c.p.dryrun, "say what would change, change nothing");
  return flags;
}

}  // namespace

std::vector<FlagInfo> FirewallFlags() {
  Cli c;
  return DeclareFlags(c).Describe();
}

Result<Parameters> ParseFirewallArgs(const std::vector<std::string>& args,
                                     const FileSource& files) {
  Cli c;
  if (Status st = DeclareFlags(c).Parse(args, files); !st) return st;
  auto& [list, isolate, release, block, unblock, direction, port, protocol, ttl, p] = c;
  int chosen = 0;
  for (const auto& [set, name] : {std::pair{list, "list"},
                                  {!block.empty(), "block"},
                                  {!unblock.empty(), "unblock"},
                                  {isolate, "isolate"},
                                  {release, "release"}}) {
    if (!set) continue;
    ++chosen;
    p.operation = name;
  }
  if (chosen != 1)
    return Status::Error(
        "give exactly one of -list, -block ADDR, -unblock ADDR, -isolate, -release (see mig "
        "firewall -h)");
  if (!block.empty()) p.address = block;
  if (!unblock.empty()) p.address = unblock;
  if (!direction.empty()) p.direction = direction;
  if (!protocol.empty()) p.protocol = protocol;
  if (!ttl.empty()) p.ttl = ttl;
  if (!port.empty()) {
    auto n = ParsePort(port);
    if (!n) return n.status();
    p.port = *n;
  }
  return p;
}

std::string FirewallUsage() {
  return R"(mig firewall - block addresses or isolate the endpoint (Linux, nftables)

usage:
  mig firewall -list
  mig firewall -block ADDR[/LEN] [-direction in|out|both] [-port N -proto tcp|udp] [-ttl DURATION]
  mig firewall -unblock ADDR[/LEN]
  mig firewall -isolate [-ttl DURATION]
  mig firewall -release
every one takes -dryrun: report the nft commands it would run, change nothing.

  -block ADDR[/LEN]  drop traffic from (in), to (out) or both ways with an
                     IPv4 or IPv6 address or network (192.0.2.7, 198.51.100.0/24,
                     2001:db8::/32); with -port and -proto only that port: the
                     local port for in, the remote one for out
  -unblock ADDR      remove every block of exactly that address or network
  -isolate           drop everything but loopback and the agent's own relay and
                     API connections: the endpoint stays reachable by MIG alone
  -release           end the isolation
  -ttl DURATION      how long a block or isolation lasts (default 1h, 1s to
                     24h); the kernel removes it then, even if the agent is gone
  -dryrun            say what would change, change nothing

Every rule lives in the nftables table "inet mig"; nothing else is touched.
To undo everything by hand: nft delete table inet mig

examples:
  mig firewall -t local -list
  mig firewall -t 'name = "web1"' -block 203.0.113.9 -ttl 4h
  mig firewall -t 'name = "web1"' -block 198.51.100.0/24 -direction out -port 443 -proto tcp
  mig firewall -t 'name = "web1"' -isolate -ttl 2h -dryrun
  mig firewall -t 'name = "web1"' -release

Global options (-t, -show, -p) must come before the firewall flags.
)";
}

}  // namespace mig::modules::firewall
