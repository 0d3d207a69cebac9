// Chunked IN lists (see in_list.h).
#include "store/in_list.h"

#include <algorithm>

namespace mig::store {
namespace {

template <typename Key>
Status ForEachChunk(std::vector<Key> keys, const InListChunkFn& fn) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (size_t i = 0; i < keys.size(); i += kInListChunk) {
    Params p;
    std::string list;
    for (size_t j = i; j < std::min(keys.size(), i + kInListChunk); ++j)
      list += (list.empty() ? "" : ",") + p.Add(keys[j]);
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
