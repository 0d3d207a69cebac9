#include "modules/file/engine/hasher.h"

#include <openssl/evp.h>

#include <algorithm>

namespace mig::modules::file {
namespace {

// Fetched once: EVP_MD_fetch is costly, the result is thread-safe to share.
const EVP_MD* Digest(HashAlgo a) {
  static const std::array<EVP_MD*, kHashAlgoCount> digests = [] {
    const char* names[kHashAlgoCount] = {"MD5",      "SHA1",     "SHA256",   "SHA384",  "SHA512",
                                         "SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512"};
    std::array<EVP_MD*, kHashAlgoCount> out{};
    for (int i = 0; i < kHashAlgoCount; ++i)
      out[static_cast<size_t>(i)] = EVP_MD_fetch(nullptr, names[i], nullptr);
    return out;
  }();
  return digests[static_cast<size_t>(a)];
}

}  // namespace

MultiHasher::MultiHasher(HashMask algorithms) : mask_(algorithms) {
  for (int i = 0; i < kHashAlgoCount; ++i) {
    if (!(mask_ & (HashMask{1} << i))) continue;
    ctx_[static_cast<size_t>(i)] = EVP_MD_CTX_new();
    EVP_DigestInit_ex2(ctx_[static_cast<size_t>(i)], Digest(static_cast<HashAlgo>(i)), nullptr);
  }
}

MultiHasher::~MultiHasher() {
  for (auto* c : ctx_)
    if (c) EVP_MD_CTX_free(c);
}

void MultiHasher::Update(std::string_view data) {
  // Slices small enough to stay in the core's cache while every digest
  // asked for goes over them.
  constexpr size_t kSlice = size_t{64} << 10;
  for (size_t at = 0; at < data.size(); at += kSlice) {
    const size_t n = std::min(kSlice, data.size() - at);
    for (auto* c : ctx_)
      if (c) EVP_DigestUpdate(c, data.data() + at, n);
  }
}

void MultiHasher::Finish() {
  static const char* kHex = "0123456789ABCDEF";
  for (size_t i = 0; i < ctx_.size(); ++i) {
    if (!ctx_[i]) continue;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_[i], md, &len);
    std::string hex;
    hex.reserve(len * 2);
    for (unsigned int k = 0; k < len; ++k) {
      hex += kHex[md[k] >> 4];
      hex += kHex[md[k] & 15];
    }
    hex_[i] = std::move(hex);
  }
}

std::string HexDigest(HashAlgo a, std::string_view data) {
  MultiHasher h(Bit(a));
  h.Update(data);
  h.Finish();
  return h.Hex(a);
}

}  // namespace mig::modules::file
