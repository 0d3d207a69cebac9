#include "modules/firewall/engine/table_state.h"

#include <optional>

namespace mig::modules::firewall {
namespace {

struct SetKind {
  Direction direction;
  bool v4;
  bool with_port;
};

std::optional<SetKind> BlockSetKind(const std::string& name) {
  for (const Direction d : {Direction::kIn, Direction::kOut})
    for (const bool v4 : {true, false})
      for (const bool port : {false, true})
        if (BlockSetName(d, v4, port) == name) return SetKind{d, v4, port};
  return std::nullopt;
}

// "10.0.0.1" or {"prefix":{"addr":"10.0.0.0","len":24}}, of the set's family.
std::optional<Network> ReadNetwork(const Json& v, bool v4) {
  std::string text;
  if (v.is_string()) {
    text = v.get<std::string>();
  } else if (v.is_object() && v.contains("prefix") && v["prefix"].is_object()) {
    const Json& p = v["prefix"];
    if (!p.contains("addr") || !p["addr"].is_string() || !p.contains("len") ||
        !p["len"].is_number_unsigned())
      return std::nullopt;
    text = p["addr"].get<std::string>() + "/" + std::to_string(p["len"].get<uint64_t>());
  } else {
    return std::nullopt;
  }
  auto n = ParseNetwork(text);
  if (!n || n->v4 != v4) return std::nullopt;
  return *n;
}

std::optional<Protocol> ReadProtocol(const Json& v) {
  if (v == "tcp" || v == 6) return Protocol::kTcp;
  if (v == "udp" || v == 17) return Protocol::kUdp;
  return std::nullopt;
}

std::optional<int> ReadPort(const Json& v) {
  if (!v.is_number_unsigned()) return std::nullopt;
  const uint64_t p = v.get<uint64_t>();
  if (p < 1 || p > 65535) return std::nullopt;
  return static_cast<int>(p);
}

int64_t Seconds(const Json& elem, const char* key) {
  auto it = elem.find(key);
  return it != elem.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

// An element is its value alone, or {"elem":{"val":...,"timeout":..,"expires":..}}.
struct Element {
  Json val;
  int64_t ttl_s = 0, expires_s = 0;
};

Element ReadElement(const Json& e) {
  if (e.is_object() && e.contains("elem") && e["elem"].is_object()) {
    const Json& inner = e["elem"];
    return {inner.value("val", Json()), Seconds(inner, "timeout"), Seconds(inner, "expires")};
  }
  return {e, 0, 0};
}

// [address, protocol, port] of a concatenation.
bool ReadConcat(const Json& val, bool v4, Network* net, Protocol* proto, int* port) {
  if (!val.is_object() || !val.contains("concat") || !val["concat"].is_array() ||
      val["concat"].size() != 3)
    return false;
  const Json& c = val["concat"];
  auto n = ReadNetwork(c[0], v4);
  auto pr = ReadProtocol(c[1]);
  auto po = ReadPort(c[2]);
  if (!n || !pr || !po) return false;
  *net = *n;
  *proto = *pr;
  *port = *po;
  return true;
}

void ReadSet(const Json& set, TableState& state) {
  const std::string name = set.value("name", std::string());
  auto it = set.find("elem");
  if (it == set.end() || !it->is_array()) return;
  if (name == "isolation") {
    for (const auto& e : *it) {
      const Element el = ReadElement(e);
      state.isolation.active = true;
      state.isolation.ttl_s = std::max(state.isolation.ttl_s, el.ttl_s);
      state.isolation.expires_s = std::max(state.isolation.expires_s, el.expires_s);
    }
    return;
  }
  if (name == "keep_v4" || name == "keep_v6") {
    for (const auto& e : *it) {
      Endpoint ep;
      Protocol proto = Protocol::kAny;
      if (ReadConcat(ReadElement(e).val, name == "keep_v4", &ep.address, &proto, &ep.port) &&
          proto == Protocol::kTcp && ep.address.prefix == ep.address.MaxPrefix()) {
        state.isolation.keep.push_back(ep);
      } else {
        ++state.unrecognized;
      }
    }
    return;
  }
  const auto kind = BlockSetKind(name);
  if (!kind) return;
  for (const auto& e : *it) {
    const Element el = ReadElement(e);
    BlockEntry b{{}, el.ttl_s, el.expires_s};
    b.key.direction = kind->direction;
    bool ok = false;
    if (kind->with_port) {
      ok = ReadConcat(el.val, kind->v4, &b.key.network, &b.key.protocol, &b.key.port);
    } else if (auto n = ReadNetwork(el.val, kind->v4)) {
      b.key.network = *n;
      ok = true;
    }
    if (ok) {
      state.blocks.push_back(b);
    } else {
      ++state.unrecognized;
    }
  }
}

}  // namespace

Result<TableState> ParseTableListing(const Json& listing) {
  if (!listing.is_object() || !listing.contains("nftables") || !listing["nftables"].is_array())
    return Result<TableState>::Error("unexpected nft listing (no \"nftables\" array)");
  TableState state;
  for (const auto& item : listing["nftables"]) {
    if (!item.is_object()) continue;
    if (item.contains("table")) state.exists = true;
    if (auto s = item.find("set"); s != item.end() && s->is_object()) ReadSet(*s, state);
  }
  return state;
}

OrderedJson StateToJson(const TableState& state) {
  OrderedJson blocks = OrderedJson::array();
  for (const auto& b : state.blocks) {
    OrderedJson j = OrderedJson::object();
    j["address"] = b.key.network.ToString();
    j["direction"] = DirectionName(b.key.direction);
    j["protocol"] = ProtocolName(b.key.protocol);
    if (b.key.protocol != Protocol::kAny) j["port"] = b.key.port;
    j["ttl"] = b.ttl_s;
    j["expires"] = b.expires_s;
    blocks.push_back(j);
  }
  OrderedJson iso = OrderedJson::object();
  iso["active"] = state.isolation.active;
  if (state.isolation.active) {
    iso["ttl"] = state.isolation.ttl_s;
    iso["expires"] = state.isolation.expires_s;
  }
  OrderedJson keep = OrderedJson::array();
  for (const auto& e : state.isolation.keep)
    keep.push_back(e.ToString());
  iso["keep"] = keep;
  OrderedJson out = OrderedJson::object();
  out["table"] = state.exists;
  out["blocks"] = blocks;
  out["isolation"] = iso;
  if (state.unrecognized) out["unrecognized"] = state.unrecognized;
  return out;
}

std::vector<BlockKey> BlocksOf(const TableState& state, const Network& network) {
  std::vector<BlockKey> out;
  for (const auto& b : state.blocks)
    if (b.key.network == network) out.push_back(b.key);
  return out;
}

}  // namespace mig::modules::firewall
