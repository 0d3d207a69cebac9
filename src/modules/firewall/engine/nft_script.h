// The nft commands of the module's table, "table inet mig", written from
// typed values only (no text an investigator sent is ever pasted in).
//
// Layout: blocks are elements of sets with flags interval,timeout (one set
// per direction, family, and with or without protocol and port), so the
// kernel drops each one when its timeout runs out, with or without the
// agent. Isolation is an element of the set "isolation" (type nf_proto,
// flags timeout) the base chains jump on, plus the kept endpoints in
// keep_v4/keep_v6: when its element expires the jump stops matching.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "modules/firewall/address.h"
#include "modules/firewall/params.h"

namespace mig::modules::firewall {

constexpr const char* kTable = "inet mig";

// One element of a block set: the network, one direction (in or out), and
// either any protocol or tcp/udp with a port.
struct BlockKey {
  Network network;
  Direction direction = Direction::kIn;  // kIn or kOut
  Protocol protocol = Protocol::kAny;
  int port = 0;
  bool operator==(const BlockKey&) const = default;
};

// "in_v4", "out_v6_port"...
std::string BlockSetName(Direction direction, bool v4, bool with_port);
// Every block set, for listing and unblocking.
std::vector<std::string> BlockSetNames();

// The commands that create the table, its sets and chains when missing, and
// (re)write the chains' rules; idempotent, so every change starts with them
// and the table is in the layout this version expects.
std::vector<std::string> TableCommands();

// "10.0.0.0/24 . tcp . 22"
std::string ElementText(const BlockKey& key);
// "1h", "90s", "1s500ms": nft's time syntax.
std::string NftTime(int64_t ms);

std::string AddBlock(const BlockKey& key, int64_t ttl_ms);
std::string DeleteBlock(const BlockKey& key);
// Flushes the isolation sets, then adds the isolation and kept endpoints.
std::vector<std::string> Isolate(const std::vector<Endpoint>& keep, int64_t ttl_ms);
std::vector<std::string> Release();

}  // namespace mig::modules::firewall
