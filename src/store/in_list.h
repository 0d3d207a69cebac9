// Reading the rows for many keys with "... IN ($1,$2,...)" queries, a chunk
// of keys per query. Internal to src/store.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "store/sql_rows.h"

namespace mig::store {

// Keys per "IN (...)" list: far below both drivers' parameter limits.
constexpr size_t kInListChunk = 500;

// Called once per chunk with the chunk's placeholder list ("$1,$2,...", to
// splice between the parentheses) and the parameters it numbers.
using InListChunkFn = std::function<Status(const std::string& list, const Params& params)>;

// Sorts `keys`, drops repeats and calls `fn` for each run of at most
// kInListChunk of them, in order; stops at the first error `fn` returns.
// Nothing is called for no keys. A shorter run is padded to a power of two
// by repeating its last key (few distinct statement texts to cache).
Status ForEachInListChunk(std::vector<Id> keys, const InListChunkFn& fn);
Status ForEachInListChunk(std::vector<std::string> keys, const InListChunkFn& fn);

}  // namespace mig::store
