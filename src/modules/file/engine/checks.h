// Checks built from validated searches: one per value of every filter list,
// in MIG's creation order (contents, names, sizes, modes, mtimes, md5, sha1,
// sha2, sha3). A check "records" a file when raw match XOR '!' XOR mismatch.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "modules/file/params.h"

namespace mig::modules::file {

enum class Filter { kContent, kName, kSize, kMode, kMtime, kMd5, kSha1, kSha2, kSha3 };

// Digests, in the order MIG computes them.
enum class HashAlgo {
  kMd5,
  kSha1,
  kSha256,
  kSha384,
  kSha512,
  kSha3_224,
  kSha3_256,
  kSha3_384,
  kSha3_512
};
inline constexpr int kHashAlgoCount = 9;
using HashMask = uint32_t;  // bit (1 << HashAlgo)
inline HashMask Bit(HashAlgo a) {
  return HashMask{1} << static_cast<int>(a);
}

enum class Compare { kLessOrEqual, kGreaterOrEqual, kEqual, kAfter, kBefore };

struct Check {
  Filter filter;
  std::string value;  // as given (hashes keep their case)
  bool inverse = false;
  bool mismatch = false;
  std::shared_ptr<const RE2> re;  // names, modes, contents (without the '!')
  // contents: the pattern in multi-line mode, to search many lines at once
  // before confirming a line with re; null when the pattern uses \A or \z.
  std::shared_ptr<const RE2> chunk_re;
  // contents: the pattern's id in the run's Hyperscan prefilter, or -1.
  int prefilter_id = -1;
  Compare compare = Compare::kEqual;
  uint64_t size_bytes = 0;  // sizes
  int64_t mtime_ns = 0;     // mtimes: the threshold, ns since the epoch
  HashAlgo algo = HashAlgo::kMd5;
  std::string hash_upper;  // hashes: the expected digest, upper-case hex

  // raw XOR inverse XOR mismatch.
  bool Records(bool raw_match) const { return (raw_match != inverse) != mismatch; }
};

struct CompiledSearch {
  Search search;
  std::vector<Check> checks;
  uint64_t maxdepth = kUnlimited;
  uint64_t matchlimit = kUnlimited;
  bool has_metadata_stat = false;  // sizes, modes or mtimes need a stat
  bool has_content = false;
  HashMask hashes = 0;
};

// Builds the checks of validated searches. now_ns anchors mtime checks.
Result<std::vector<CompiledSearch>> CompileSearches(const Parameters& parameters, int64_t now_ns);

// Records a check's raw result for a stat'ed file (names use base_name).
bool MetadataMatches(const Check& check, std::string_view base_name, const struct stat* st);

const char* FilterName(Filter f);                // "name", "size", ... (the mismatch spelling)
const char* FilterListKey(Filter f);             // "names", "sizes", ... (the parameter key)
std::string HashValueForResult(const Check& c);  // upper-case for hashes, else as given

}  // namespace mig::modules::file
