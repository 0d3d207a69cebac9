// What table inet mig holds, read from libnftables' JSON listing (`nft -j
// list table inet mig`): blocks, the isolation and its kept endpoints, with
// their time to live and time left. Every value is parsed again; what this
// module would not have written is counted, not trusted.
#pragma once

#include <cstdint>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/firewall/engine/nft_script.h"

namespace mig::modules::firewall {

struct BlockEntry {
  BlockKey key;
  int64_t ttl_s = 0;      // the timeout it was given
  int64_t expires_s = 0;  // seconds left
};

struct IsolationState {
  bool active = false;
  int64_t ttl_s = 0;
  int64_t expires_s = 0;
  std::vector<Endpoint> keep;
};

struct TableState {
  bool exists = false;
  std::vector<BlockEntry> blocks;
  IsolationState isolation;
  int unrecognized = 0;  // elements this module cannot have written
};

// listing: the document of `list table inet mig` in JSON.
Result<TableState> ParseTableListing(const Json& listing);

// {"blocks":[{"address","direction","protocol","port","ttl","expires"}],
//  "isolation":{"active","ttl","expires","keep"}}
OrderedJson StateToJson(const TableState& state);

// The blocks of exactly that network, every direction and port.
std::vector<BlockKey> BlocksOf(const TableState& state, const Network& network);

}  // namespace mig::modules::firewall
