// Several digests of one byte stream, computed in the same pass.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "modules/file/engine/checks.h"

struct evp_md_ctx_st;

namespace mig::modules::file {

class MultiHasher {
 public:
  explicit MultiHasher(HashMask algorithms);
  ~MultiHasher();
  MultiHasher(const MultiHasher&) = delete;
  MultiHasher& operator=(const MultiHasher&) = delete;

  void Update(std::string_view data);
  // Finishes every digest; Hex(a) is then its upper-case hex.
  void Finish();
  const std::string& Hex(HashAlgo a) const { return hex_[static_cast<size_t>(a)]; }
  HashMask algorithms() const { return mask_; }

 private:
  HashMask mask_;
  std::array<evp_md_ctx_st*, kHashAlgoCount> ctx_{};
  std::array<std::string, kHashAlgoCount> hex_;
};

// Upper-case hex of a digest of data (tests and tools).
std::string HexDigest(HashAlgo a, std::string_view data);

}  // namespace mig::modules::file
