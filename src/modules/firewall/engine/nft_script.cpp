#include "modules/firewall/engine/nft_script.h"

namespace mig::modules::firewall {
namespace {

const std::string kT = kTable;

std::string SetType(bool v4, bool with_port) {
  const std::string addr = v4 ? "ipv4_addr" : "ipv6_addr";
  return with_port ? addr + " . inet_proto . inet_service" : addr;
}

// Rules of a base chain for one direction: drop blocked traffic, then jump
// to the isolation chain while isolated.
void BlockRules(Direction d, std::vector<std::string>& out) {
  const bool in = d == Direction::kIn;
  const std::string chain = in ? "input" : "output";
  const std::string field = in ? "saddr" : "daddr";
  for (const bool v4 : {true, false}) {
    const std::string ip = v4 ? "ip " : "ip6 ";
    out.push_back("add rule " + kT + " " + chain + " " + ip + field + " @" +
                  BlockSetName(d, v4, false) + " drop");
    out.push_back("add rule " + kT + " " + chain + " " + ip + field +
                  " . meta l4proto . th dport @" + BlockSetName(d, v4, true) + " drop");
  }
  out.push_back("add rule " + kT + " " + chain + " meta nfproto @isolation jump isolation_" +
                (in ? "in" : "out"));
}

// While isolated: loopback, IPv6 neighbour discovery (without it no IPv6
// relay is reachable), and the kept endpoints; inbound only what answers a
// connection the host opened to one of them.
void IsolationRules(Direction d, std::vector<std::string>& out) {
  const bool in = d == Direction::kIn;
  const std::string chain = in ? "isolation_in" : "isolation_out";
  const std::string r = "add rule " + kT + " " + chain + " ";
  out.push_back(r + (in ? "iifname" : "oifname") + " \"lo\" accept");
  out.push_back(r +
                "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept");
  for (const bool v4 : {true, false}) {
    const std::string ip = v4 ? "ip " : "ip6 ";
    const std::string set = v4 ? "@keep_v4" : "@keep_v6";
    if (in) {
      out.push_back(r + "ct state established " + ip + "saddr . meta l4proto . th sport " + set +
                    " accept");
    } else {
      out.push_back(r + ip + "daddr . meta l4proto . th dport " + set + " accept");
    }
  }
  out.push_back(r + "drop");
}

}  // namespace

std::string BlockSetName(Direction direction, bool v4, bool with_port) {
  return std::string(direction == Direction::kOut ? "out" : "in") + (v4 ? "_v4" : "_v6") +
         (with_port ? "_port" : "");
}

std::vector<std::string> BlockSetNames() {
  std::vector<std::string> names;
  for (const Direction d : {Direction::kIn, Direction::kOut})
    for (const bool v4 : {true, false})
      for (const bool port : {false, true})
        names.push_back(BlockSetName(d, v4, port));
  return names;
}

std::vector<std::string> TableCommands() {
  std::vector<std::string> out;
  out.push_back("add table " + kT);
  for (const Direction d : {Direction::kIn, Direction::kOut})
    for (const bool v4 : {true, false})
      for (const bool port : {false, true})
        out.push_back("add set " + kT + " " + BlockSetName(d, v4, port) + " { type " +
                      SetType(v4, port) + "; flags interval,timeout; }");
  out.push_back("add set " + kT + " isolation { type nf_proto; flags timeout; }");
  out.push_back("add set " + kT + " keep_v4 { type " + SetType(true, true) + "; flags timeout; }");
  out.push_back("add set " + kT + " keep_v6 { type " + SetType(false, true) + "; flags timeout; }");
  // Before the usual filter chains (priority 0): a drop here is final, an
  // accept here still leaves the administrator's chains their say.
  for (const char* hook : {"input", "output", "forward"})
    out.push_back("add chain " + kT + " " + hook + " { type filter hook " + hook +
                  " priority filter - 10; policy accept; }");
  out.push_back("add chain " + kT + " isolation_in");
  out.push_back("add chain " + kT + " isolation_out");
  for (const char* chain : {"input", "output", "forward", "isolation_in", "isolation_out"})
    out.push_back("flush chain " + kT + " " + chain);
  BlockRules(Direction::kIn, out);
  BlockRules(Direction::kOut, out);
  out.push_back("add rule " + kT + " forward meta nfproto @isolation drop");
  IsolationRules(Direction::kIn, out);
  IsolationRules(Direction::kOut, out);
  return out;
}

std::string ElementText(const BlockKey& key) {
  std::string text = key.network.ToString();
  if (key.protocol != Protocol::kAny)
    text += " . " + ProtocolName(key.protocol) + " . " + std::to_string(key.port);
  return text;
}

std::string NftTime(int64_t ms) {
  std::string out;
  const int64_t hours = ms / 3'600'000, minutes = ms / 60'000 % 60, seconds = ms / 1000 % 60,
                millis = ms % 1000;
  if (hours) out += std::to_string(hours) + "h";
  if (minutes) out += std::to_string(minutes) + "m";
  if (seconds) out += std::to_string(seconds) + "s";
  if (millis || out.empty()) out += std::to_string(millis) + "ms";
  return out;
}

std::string AddBlock(const BlockKey& key, int64_t ttl_ms) {
  return "add element " + kT + " " +
         BlockSetName(key.direction, key.network.v4, key.protocol != Protocol::kAny) + " { " +
         ElementText(key) + " timeout " + NftTime(ttl_ms) + " }";
}

std::string DeleteBlock(const BlockKey& key) {
  return "delete element " + kT + " " +
         BlockSetName(key.direction, key.network.v4, key.protocol != Protocol::kAny) + " { " +
         ElementText(key) + " }";
}

std::vector<std::string> Isolate(const std::vector<Endpoint>& keep, int64_t ttl_ms) {
  std::vector<std::string> out = Release();
  const std::string timeout = " timeout " + NftTime(ttl_ms);
  for (const auto& e : keep) {
    out.push_back("add element " + kT + (e.address.v4 ? " keep_v4" : " keep_v6") + " { " +
                  e.address.ToString() + " . tcp . " + std::to_string(e.port) + timeout + " }");
  }
  // Last, so the kept endpoints are in place when the isolation starts
  // (one transaction anyway).
  out.push_back("add element " + kT + " isolation { ipv4" + timeout + ", ipv6" + timeout + " }");
  return out;
}

std::vector<std::string> Release() {
  return {"flush set " + kT + " isolation", "flush set " + kT + " keep_v4",
          "flush set " + kT + " keep_v6"};
}

}  // namespace mig::modules::firewall
