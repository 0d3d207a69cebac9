#include "modules/netstat/engine/search.h"

#include <chrono>
#include <map>
#include <optional>

#include <re2/re2.h>

#include "modules/go_format.h"
#include "modules/module_adapter.h"
#include "modules/netstat/engine/kernel_state.h"
#include "modules/netstat/netstat_module.h"

namespace mig::modules::netstat {
namespace {

struct Element {
  std::string local_mac, remote_mac, local_addr;
  int local_port = 0;
  std::string remote_addr;
  int remote_port = 0;
  std::string ns;
};

// Keys in MIG's order, each left out when empty or zero.
OrderedJson ElementJson(const Element& e) {
  OrderedJson j = OrderedJson::object();
  if (!e.local_mac.empty()) j["localmacaddr"] = e.local_mac;
  if (!e.remote_mac.empty()) j["remotemacaddr"] = e.remote_mac;
  if (!e.local_addr.empty()) j["localaddr"] = e.local_addr;
  if (e.local_port) j["localport"] = e.local_port;
  if (!e.remote_addr.empty()) j["remoteaddr"] = e.remote_addr;
  if (e.remote_port) j["remoteport"] = e.remote_port;
  if (!e.ns.empty()) j["namespace"] = e.ns;
  return j;
}

// Matches of one value; nullopt is written as null.
using Matches = std::optional<std::vector<Element>>;

// Kernel state, read at most once per run however many values ask for it.
class Snapshot {
 public:
  explicit Snapshot(bool namespaces) : sources_(ListSources(namespaces)) {}
  const std::vector<NetSource>& sources() const { return sources_; }

  const Result<std::vector<Interface>>& interfaces() {
    if (!interfaces_) interfaces_ = ReadInterfaces();
    return *interfaces_;
  }
  const Result<std::vector<Neighbour>>& arp(size_t i) { return Cached(i, "arp"); }
  const Result<std::vector<Neighbour>>& ndp(size_t i) { return Cached(i, "ndp"); }
  const Result<std::vector<Socket>>& sockets(size_t i, const std::string& file) {
    const std::string key = std::to_string(i) + "/" + file;
    auto it = sockets_.find(key);
    if (it == sockets_.end()) it = sockets_.emplace(key, ReadSocketTable(sources_[i], file)).first;
    return it->second;
  }

 private:
  const Result<std::vector<Neighbour>>& Cached(size_t i, const std::string& what) {
    const std::string key = std::to_string(i) + "/" + what;
    auto it = neighbours_.find(key);
    if (it == neighbours_.end())
      it = neighbours_.emplace(key, what == "arp" ? ReadArp(sources_[i]) : ReadNdp(sources_[i]))
               .first;
    return it->second;
  }

  std::vector<NetSource> sources_;
  std::optional<Result<std::vector<Interface>>> interfaces_;
  std::map<std::string, Result<std::vector<Neighbour>>> neighbours_;
  std::map<std::string, Result<std::vector<Socket>>> sockets_;
};

IpNetwork ToNetwork(const std::string& value) {
  const size_t slash = value.find('/');
  if (slash != std::string::npos && slash > 0) return *ParseCidr(value);
  return HostNetwork(*ParseIp(value));
}

class Searcher {
 public:
  explicit Searcher(bool namespaces) : snap_(namespaces) {}

  Matches LocalMac(const std::string& value) {
    const auto& itfs = snap_.interfaces();
    if (!itfs) return Fail("HasLocalMAC(): " + itfs.error());
    RE2 re("(?i)" + value, RE2::Quiet);
    std::vector<Element> found;
    for (const auto& itf : *itfs) {
      ++examined_;
      // Interfaces without a MAC (loopback, tunnels) have nothing to match.
      if (itf.mac.empty() || !RE2::PartialMatch(itf.mac, re)) continue;
      Element e;
      e.local_mac = itf.mac;
      found.push_back(e);
    }
    return Done(std::move(found));
  }

  Matches LocalIp(const std::string& value) {
    const auto& itfs = snap_.interfaces();
    if (!itfs) return Fail("HasLocalIP(): " + itfs.error());
    const bool cidr = value.find('/') != std::string::npos && value.find('/') > 0;
    std::optional<IpNetwork> net;
    if (cidr) net = ParseCidr(value);
    std::vector<Element> found;
    for (const auto& itf : *itfs) {
      for (const auto& ip : itf.addresses) {
        ++examined_;
        // A plain value is compared as text, as MIG does (canonical form).
        if (cidr ? !net->Contains(ip) : ip.ToString() != value) continue;
        Element e;
        e.local_addr = ip.ToString();
        found.push_back(e);
      }
    }
    return Done(std::move(found));
  }

  // mac_regex or network selects the neighbours.
  Matches Neighbours(const std::string& value, bool by_mac) {
    std::optional<RE2> re;
    std::optional<IpNetwork> net;
    if (by_mac) {
      re.emplace(value, RE2::Quiet);
    } else {
      net = ToNetwork(value);
    }
    const std::string prefix = by_mac ? "HasSeenMac(): " : "HasSeenIP(): ";
    std::vector<Element> found;
    bool any_table = false;
    for (size_t i = 0; i < snap_.sources().size(); ++i) {
      for (const auto* table : {&snap_.arp(i), &snap_.ndp(i)}) {
        if (!*table) {
          AddError(prefix + table->error());
          continue;
        }
        any_table = true;
        for (const auto& nb : **table) {
          ++examined_;
          const bool hit =
              by_mac ? RE2::PartialMatch(nb.mac, *re)
                     : (!nb.ip_text.empty() && ParseIp(nb.ip_text) && net->Contains(nb.ip));
          if (!hit) continue;
          Element e;
          e.remote_addr = nb.ip_text;
          e.remote_mac = nb.mac;
          e.ns = snap_.sources()[i].ns;
          found.push_back(e);
        }
      }
    }
    if (!any_table) return std::nullopt;
    return Done(std::move(found));
  }

  Matches Connected(const std::string& value) {
    const IpNetwork net = ToNetwork(value);
    const std::string prefix =
        net.v4 ? "HasIPConnected(): hasIP4Connected(): " : "HasIPConnected(): hasIP6Connected(): ";
    // IPv4 peers may also sit on IPv6 sockets as IPv4-mapped addresses.
    const std::vector<std::string> files =
        net.v4 ? std::vector<std::string>{"tcp", "udp", "tcp6", "udp6"}
               : std::vector<std::string>{"tcp6", "udp6"};
    return ScanSockets(
        files, prefix, [&net](const Socket& s) { return net.Contains(s.remote); }, true);
  }

  Matches Listening(const std::string& value) {
    const int port = std::stoi(value);
    return ScanSockets(
        {"tcp", "udp", "tcp6", "udp6"}, "HasListeningPort(): ",
        [port](const Socket& s) { return s.local_port == port && IsListening(s); }, false);
  }

  int64_t examined() const { return examined_; }
  int64_t hits() const { return hits_; }
  std::vector<std::string>& errors() { return errors_; }

 private:
  template <typename Pred>
  Matches ScanSockets(const std::vector<std::string>& files, const std::string& prefix, Pred pred,
                      bool with_remote) {
    std::vector<Element> found;
    bool failed = false;
    for (size_t i = 0; i < snap_.sources().size(); ++i) {
      for (const auto& file : files) {
        const auto& table = snap_.sockets(i, file);
        if (!table) {
          AddError(prefix + table.error());
          failed = true;
          continue;
        }
        for (const auto& s : *table) {
          ++examined_;
          if (!pred(s)) continue;
          Element e;
          e.local_addr = s.local.ToString();
          e.local_port = s.local_port;
          if (with_remote) {
            e.remote_addr = s.remote.ToString();
            e.remote_port = s.remote_port;
          }
          e.ns = snap_.sources()[i].ns;
          found.push_back(e);
        }
      }
    }
    if (failed && found.empty()) return std::nullopt;
    return Done(std::move(found));
  }

  Matches Fail(const std::string& error) {
    AddError(error);
    return std::nullopt;
  }
  void AddError(const std::string& error) {
    for (const auto& e : errors_)
      if (e == error) return;
    errors_.push_back(error);
  }
  Matches Done(std::vector<Element> found) {
    if (found.empty()) return std::nullopt;
    hits_ += static_cast<int64_t>(found.size());
    return found;
  }

  Snapshot snap_;
  int64_t examined_ = 0;
  int64_t hits_ = 0;
  std::vector<std::string> errors_;
};

OrderedJson CategoryJson(const std::map<std::string, Matches>& values) {
  OrderedJson j = OrderedJson::object();
  for (const auto& [value, matches] : values) {
    if (!matches) {
      j[value] = nullptr;
      continue;
    }
    OrderedJson list = OrderedJson::array();
    for (const auto& e : *matches)
      list.push_back(ElementJson(e));
    j[value] = list;
  }
  return j;
}

}  // namespace

ModuleResult RunSearches(const Parameters& params) {
  const auto start = std::chrono::steady_clock::now();
  Searcher s(params.namespaces);
  std::map<std::string, Matches> local_mac, local_ip, neighbor_mac, neighbor_ip, connected,
      listening;
  // MIG's processing order.
  for (const auto& v : params.localmac)
    local_mac[v] = s.LocalMac(v);
  for (const auto& v : params.neighbormac)
    neighbor_mac[v] = s.Neighbours(v, true);
  for (const auto& v : params.neighborip)
    neighbor_ip[v] = s.Neighbours(v, false);
  for (const auto& v : params.localip)
    local_ip[v] = s.LocalIp(v);
  for (const auto& v : params.connectedip)
    connected[v] = s.Connected(v);
  for (const auto& v : params.listeningport)
    listening[v] = s.Listening(v);

  ModuleResult r;
  r.success = true;
  r.found_anything = s.hits() > 0;
  r.elements = OrderedJson::object();
  for (auto [key, values] : {std::pair{"localmac", &local_mac},
                             {"localip", &local_ip},
                             {"neighbormac", &neighbor_mac},
                             {"neighborip", &neighbor_ip},
                             {"connectedip", &connected},
                             {"listeningport", &listening}}) {
    if (!values->empty()) r.elements[key] = CategoryJson(*values);
  }
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count();
  r.statistics = OrderedJson{
      {"examined", s.examined()}, {"exectime", FormatGoDuration(elapsed)}, {"totalhits", s.hits()}};
  r.errors = std::move(s.errors());
  return r;
}

}  // namespace mig::modules::netstat

MIG_REGISTER_MODULE_ENGINE(::mig::modules::netstat::NetstatSpec,
                           ::mig::modules::netstat::RunSearches)
