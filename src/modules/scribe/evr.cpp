#include "modules/scribe/evr.h"

#include <charconv>
#include <cstdint>
#include <vector>

namespace mig::modules::scribe {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Runs of [A-Za-z0-9], split again where digits and letters meet.
std::vector<std::string_view> Tokenise(std::string_view s) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < s.size()) {
    if (!IsDigit(s[i]) && !IsLetter(s[i])) {
      ++i;
      continue;
    }
    const bool digits = IsDigit(s[i]);
    size_t j = i;
    while (j < s.size() && (digits ? IsDigit(s[j]) : IsLetter(s[j])))
      ++j;
    tokens.push_back(s.substr(i, j - i));
    i = j;
  }
  return tokens;
}

// Leading zeros off a numeric token of two or more characters. "00" keeps
// one zero: MIG indexed the emptied string and crashed (section 4.2).
std::string_view TrimZeros(std::string_view t) {
  if (t.size() < 2 || !IsDigit(t[0])) return t;
  size_t i = 0;
  while (i + 1 < t.size() && t[i] == '0')
    ++i;
  return t.substr(i);
}

bool ToInt64(std::string_view t, int64_t* out) {
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), *out);
  return ec == std::errc() && end == t.data() + t.size();
}

int Sign(int v) {
  return (v > 0) - (v < 0);
}

// The epoch as Go's strconv.Atoi reads it: an optional sign is accepted
// there, but the parser only ever gives digits or nothing.
bool EpochValue(std::string_view epoch, int64_t* out) {
  return !epoch.empty() && ToInt64(epoch, out);
}

}  // namespace

Result<Evr> ExtractEvr(std::string_view text) {
  size_t n = 0;
  while (n < text.size() && IsDigit(text[n]))
    ++n;
  Evr evr{"0", "", ""};
  if (n == text.size()) {
    evr.version = std::string(text);
    return evr;
  }
  std::string_view rest = text;
  if (text[n] == ':') {
    evr.epoch = std::string(text.substr(0, n));
    rest = text.substr(n + 1);
    if (rest.empty()) return Result<Evr>::Error("evrExtract: only epoch");
  }
  const size_t dash = rest.rfind('-');
  if (dash == std::string_view::npos) {
    evr.version = std::string(rest);
    return evr;
  }
  if (dash + 1 == rest.size()) return Result<Evr>::Error("evrExtract: ends in dash");
  evr.version = std::string(rest.substr(0, dash));
  evr.release = std::string(rest.substr(dash + 1));
  return evr;
}

int VerCmp(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  const auto ta = Tokenise(a);
  const auto tb = Tokenise(b);
  for (size_t i = 0; i < tb.size(); ++i) {
    if (i >= ta.size()) return -1;
    const std::string_view x = TrimZeros(ta[i]);
    const std::string_view y = TrimZeros(tb[i]);
    const bool xnum = IsDigit(x[0]);
    const bool ynum = IsDigit(y[0]);
    if (xnum != ynum) return xnum ? 1 : -1;
    int64_t xv = 0, yv = 0;
    if (xnum && ToInt64(x, &xv) && ToInt64(y, &yv)) {
      if (xv != yv) return xv < yv ? -1 : 1;
      continue;
    }
    // Letters, or a number past int64: byte order, a longer string with
    // the same prefix greater.
    if (const int c = Sign(x.compare(y)); c != 0) return c;
  }
  return ta.size() > tb.size() ? 1 : 0;
}

Result<int> CompareEvr(std::string_view actual, std::string_view check) {
  auto a = ExtractEvr(actual);
  if (!a) return a.status();
  auto c = ExtractEvr(check);
  if (!c) return c.status();
  int64_t ae = 0, ce = 0;
  if (!EpochValue(a->epoch, &ae)) return Result<int>::Error("evrRpmCompare: bad actual epoch");
  if (!EpochValue(c->epoch, &ce)) return Result<int>::Error("evrRpmCompare: bad check epoch");
  if (ae != ce) return ae < ce ? -1 : 1;
  if (const int v = VerCmp(a->version, c->version); v != 0) return v;
  return VerCmp(a->release, c->release);
}

Result<bool> EvrHolds(std::string_view actual, std::string_view operation, std::string_view check) {
  int want = 0;
  if (operation == "<") {
    want = -1;
  } else if (operation == ">") {
    want = 1;
  } else if (operation != "=") {
    return Result<bool>::Error("invalid evr operation " + std::string(operation));
  }
  auto c = CompareEvr(actual, check);
  if (!c) return c.status();
  return *c == want;
}

}  // namespace mig::modules::scribe
