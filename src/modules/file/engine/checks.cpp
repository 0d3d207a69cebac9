#include "modules/file/engine/checks.h"

#include <algorithm>
#include <cctype>

#include "modules/go_format.h"

namespace mig::modules::file {
namespace {

std::shared_ptr<const RE2> Compile(const std::string& pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(int64_t{64} << 20);
  return std::make_shared<const RE2>(pattern, opts);
}

std::string Upper(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// \A and \z mean start and end of the line for a line regex but of the
// whole chunk in multi-line mode, so such patterns are run line by line.
bool UsesTextAnchors(const std::string& pattern) {
  for (size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    if (pattern[i + 1] == 'A' || pattern[i + 1] == 'z') return true;
    ++i;  // skip the escaped character
  }
  return false;
}

Result<Check> RegexCheck(Filter f, const std::string& value, bool allow_inverse, bool mismatch) {
  Check c{.filter = f, .value = value, .mismatch = mismatch};
  std::string pattern = value;
  if (allow_inverse && pattern.size() >= 2 && pattern[0] == '!') {
    c.inverse = true;
    pattern.erase(0, 1);
  }
  c.re = Compile(pattern);
  if (!c.re->ok()) return Result<Check>::Error("invalid regexp '" + value + "': " + c.re->error());
  if (f == Filter::kContent && !UsesTextAnchors(pattern)) {
    auto chunk = Compile("(?m)" + pattern);
    if (chunk->ok()) c.chunk_re = std::move(chunk);
  }
  return c;
}

Check SizeCheck(const std::string& value, bool mismatch) {
  Check c{.filter = Filter::kSize, .value = value, .mismatch = mismatch};
  std::string_view v = value;
  c.compare = Compare::kEqual;
  if (v[0] == '<') c.compare = Compare::kLessOrEqual;
  if (v[0] == '>') c.compare = Compare::kGreaterOrEqual;
  if (c.compare != Compare::kEqual) v.remove_prefix(1);
  uint64_t mult = 1;
  switch (v.back()) {
    case 'k':
      mult = uint64_t{1} << 10;
      break;
    case 'm':
      mult = uint64_t{1} << 20;
      break;
    case 'g':
      mult = uint64_t{1} << 30;
      break;
    case 't':
      mult = uint64_t{1} << 40;
      break;
    default:
      break;
  }
  if (mult != 1) v.remove_suffix(1);
  const uint64_t n = std::stoull(std::string(v));  // validated: 1..15 digits
  c.size_bytes = n > UINT64_MAX / mult ? UINT64_MAX : n * mult;
  return c;
}

Check MtimeCheck(const std::string& value, bool mismatch, int64_t now_ns) {
  Check c{.filter = Filter::kMtime, .value = value, .mismatch = mismatch};
  c.compare = value[0] == '<' ? Compare::kAfter : Compare::kBefore;
  const int64_t n = std::stoll(value.substr(1, value.size() - 2));  // validated: <= 12 digits
  int64_t unit_s = 60;
  if (value.back() == 'd') unit_s = 86400;
  if (value.back() == 'h') unit_s = 3600;
  c.mtime_ns = now_ns - n * unit_s * 1000000000;
  return c;
}

HashAlgo AlgoFor(Filter f, size_t hex_len) {
  switch (f) {
    case Filter::kMd5:
      return HashAlgo::kMd5;
    case Filter::kSha1:
      return HashAlgo::kSha1;
    case Filter::kSha2:
      return hex_len == 64   ? HashAlgo::kSha256
             : hex_len == 96 ? HashAlgo::kSha384
                             : HashAlgo::kSha512;
    default:
      return hex_len == 56   ? HashAlgo::kSha3_224
             : hex_len == 64 ? HashAlgo::kSha3_256
             : hex_len == 96 ? HashAlgo::kSha3_384
                             : HashAlgo::kSha3_512;
  }
}

}  // namespace

const char* FilterName(Filter f) {
  switch (f) {
    case Filter::kContent:
      return "content";
    case Filter::kName:
      return "name";
    case Filter::kSize:
      return "size";
    case Filter::kMode:
      return "mode";
    case Filter::kMtime:
      return "mtime";
    case Filter::kMd5:
      return "md5";
    case Filter::kSha1:
      return "sha1";
    case Filter::kSha2:
      return "sha2";
    case Filter::kSha3:
      return "sha3";
  }
  return "";
}

const char* FilterListKey(Filter f) {
  switch (f) {
    case Filter::kContent:
      return "contents";
    case Filter::kName:
      return "names";
    case Filter::kSize:
      return "sizes";
    case Filter::kMode:
      return "modes";
    case Filter::kMtime:
      return "mtimes";
    default:
      return FilterName(f);
  }
}

std::string HashValueForResult(const Check& c) {
  if (c.filter >= Filter::kMd5) return Upper(c.value);
  return c.value;
}

Result<std::vector<CompiledSearch>> CompileSearches(const Parameters& parameters, int64_t now_ns) {
  std::vector<CompiledSearch> out;
  for (const Search& s : parameters.searches) {
    CompiledSearch cs;
    cs.search = s;
    cs.maxdepth = EffectiveLimit(s.options.maxdepth);
    cs.matchlimit = EffectiveLimit(s.options.matchlimit);
    auto add_regexes = [&](Filter f, const std::vector<std::string>& values,
                           bool inverse) -> Status {
      for (const auto& v : values) {
        auto c = RegexCheck(f, v, inverse, s.Mismatches(FilterName(f)));
        if (!c) return Status::Error("makeChecks() -> search '" + s.label + "': " + c.error());
        cs.checks.push_back(std::move(*c));
      }
      return Status::Ok();
    };
    Status st;
    if (!(st = add_regexes(Filter::kContent, s.contents, true))) return st;
    if (!(st = add_regexes(Filter::kName, s.names, true))) return st;
    for (const auto& v : s.sizes)
      cs.checks.push_back(SizeCheck(v, s.Mismatches("size")));
    if (!(st = add_regexes(Filter::kMode, s.modes, false))) return st;
    for (const auto& v : s.mtimes)
      cs.checks.push_back(MtimeCheck(v, s.Mismatches("mtime"), now_ns));
    struct HashList {
      Filter f;
      const std::vector<std::string>* values;
    };
    for (const HashList& h : {HashList{Filter::kMd5, &s.md5}, HashList{Filter::kSha1, &s.sha1},
                              HashList{Filter::kSha2, &s.sha2}, HashList{Filter::kSha3, &s.sha3}}) {
      for (const auto& v : *h.values) {
        Check c{.filter = h.f, .value = v, .mismatch = s.Mismatches(FilterName(h.f))};
        c.algo = AlgoFor(h.f, v.size());
        c.hash_upper = Upper(v);
        cs.hashes |= Bit(c.algo);
        cs.checks.push_back(std::move(c));
      }
    }
    for (const Check& c : cs.checks) {
      if (c.filter == Filter::kSize || c.filter == Filter::kMode || c.filter == Filter::kMtime)
        cs.has_metadata_stat = true;
      if (c.filter == Filter::kContent) cs.has_content = true;
    }
    out.push_back(std::move(cs));
  }
  return out;
}

bool MetadataMatches(const Check& c, std::string_view base_name, const struct stat* st) {
  switch (c.filter) {
    case Filter::kName:
      return RE2::PartialMatch(base_name, *c.re);
    case Filter::kMode:
      return RE2::PartialMatch(FormatGoMode(st->st_mode), *c.re);
    case Filter::kSize: {
      const auto size = static_cast<uint64_t>(st->st_size);
      if (c.compare == Compare::kLessOrEqual) return size <= c.size_bytes;
      if (c.compare == Compare::kGreaterOrEqual) return size >= c.size_bytes;
      return size == c.size_bytes;
    }
    case Filter::kMtime: {
      const int64_t t = int64_t{st->st_mtim.tv_sec} * 1000000000 + st->st_mtim.tv_nsec;
      return c.compare == Compare::kAfter ? t > c.mtime_ns : t < c.mtime_ns;
    }
    default:
      return false;
  }
}

}  // namespace mig::modules::file
