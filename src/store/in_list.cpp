// Chunked IN lists (see in_list.h).
#include "store/in_list.h"

#include <algorithm>

namespace mig::store {
namespace {

// The list length a chunk of n keys is padded to: a power of two, or the
// whole chunk. SQLite caches prepared statements by their text, and each
// length is another text: with every length from 1 to 500 the scheduler's
// statement caches grew by tens of MiB in the soak benchmark; with these
// ten lengths they stay small.
size_t PaddedLength(size_t n) {
  size_t len = 1;
  while (len < n)
    len *= 2;
  return std::min(len, kInListChunk);
}

template <typename Key>
Status ForEachChunk(std::vector<Key> keys, const InListChunkFn& fn) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (size_t i = 0; i < keys.size(); i += kInListChunk) {
    Params p;
    std::string list;
    const size_t end = std::min(keys.size(), i + kInListChunk);
    for (size_t j = i; j < end; ++j)
      list += (list.empty() ? "" : ",") + p.Add(keys[j]);
    // Repeating the last key pads the list without changing what IN matches.
    for (size_t n = end - i; n < PaddedLength(end - i); ++n)
      list += "," + p.Add(keys[end - 1]);
    Status s = fn(list, p);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Status ForEachInListChunk(std::vector<Id> keys, const InListChunkFn& fn) {
  return ForEachChunk(std::move(keys), fn);
}

Status ForEachInListChunk(std::vector<std::string> keys, const InListChunkFn& fn) {
  return ForEachChunk(std::move(keys), fn);
}

}  // namespace mig::store
