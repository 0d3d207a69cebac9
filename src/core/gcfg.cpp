#include "core/gcfg.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace mig {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// Parses a value: unquoted text up to a comment, or quoted parts with
// \" \\ \n \t escapes; both may be mixed as in git-config.
Result<std::string> ParseValue(std::string_view v) {
  std::string out;
  bool quoted = false;
  std::string pending_space;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (!quoted && (c == ';' || c == '#')) break;
    if (c == '"') {
      quoted = !quoted;
      out += pending_space;
      pending_space.clear();
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= v.size()) return Result<std::string>::Error("dangling backslash");
      char e = v[++i];
      switch (e) {
        case 'n':
          out += pending_space + '\n';
          break;
        case 't':
          out += pending_space + '\t';
          break;
        case '"':
        case '\\':
          out += pending_space + e;
          break;
        default:
          return Result<std::string>::Error(std::string("unknown escape \\") + e);
      }
      pending_space.clear();
      continue;
    }
    if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty()) pending_space += c;
      continue;
    }
    out += pending_space;
    pending_space.clear();
    out += c;
  }
  if (quoted) return Result<std::string>::Error("unterminated quoted value");
  return out;
}

}  // namespace

Result<ConfigFile> ConfigFile::Parse(std::string_view text, const std::string& origin) {
  ConfigFile cfg;
  std::string section;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    auto fail = [&](const std::string& why) {
      return Result<ConfigFile>::Error(origin + ":" + std::to_string(line_no) + ": " + why);
    };
    if (line.empty() || line[0] == ';' || line[0] == '#') {
      if (end == text.size()) break;
      continue;
    }
    if (line[0] == '[') {
      size_t close = line.find(']');
      if (close == std::string_view::npos) return fail("section header without ']'");
      std::string_view rest = Trim(line.substr(close + 1));
      if (!rest.empty() && rest[0] != ';' && rest[0] != '#') {
        return fail("unexpected text after section header");
      }
      std::string_view name = Trim(line.substr(1, close - 1));
      // [section "subsection"] is valid gcfg; keep it as section.subsection.
      size_t quote = name.find('"');
      std::string full;
      if (quote != std::string_view::npos) {
        std::string_view sub = name.substr(quote);
        if (sub.size() < 2 || sub.back() != '"') return fail("malformed subsection name");
        full =
            Lower(Trim(name.substr(0, quote))) + "." + std::string(sub.substr(1, sub.size() - 2));
        name = Trim(name.substr(0, quote));
      } else {
        full = Lower(name);
      }
      if (name.empty() || !std::all_of(name.begin(), name.end(), IsNameChar)) {
        return fail("invalid section name '" + std::string(name) + "'");
      }
      section = full;
      cfg.sections_.push_back(section);
      if (end == text.size()) break;
      continue;
    }
    if (section.empty()) return fail("key outside of any [section]");
    size_t eq = line.find('=');
    std::string_view key = Trim(line.substr(0, eq));
    if (key.empty() || !std::all_of(key.begin(), key.end(), IsNameChar) ||
        !std::isalpha(static_cast<unsigned char>(key[0]))) {
      return fail("invalid key name '" + std::string(key) + "'");
    }
    std::string value = "true";  // a bare key is a boolean flag
    if (eq != std::string_view::npos) {
      auto parsed = ParseValue(Trim(line.substr(eq + 1)));
      if (!parsed) return fail(parsed.error() + " for key '" + std::string(key) + "'");
      value = std::move(parsed.value());
    }
    cfg.values_[section + "." + Lower(key)].push_back(std::move(value));
    if (end == text.size()) break;
  }
  return cfg;
}

Result<ConfigFile> ConfigFile::Load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Result<ConfigFile>::Error("cannot read configuration file " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return Parse(s.str(), path);
}

bool ConfigFile::HasSection(std::string_view section) const {
  return std::find(sections_.begin(), sections_.end(), Lower(section)) != sections_.end();
}

bool ConfigFile::Has(std::string_view section, std::string_view key) const {
  return values_.count(Lower(section) + "." + Lower(key)) > 0;
}

std::string ConfigFile::Get(std::string_view section, std::string_view key,
                            const std::string& fallback) const {
  auto it = values_.find(Lower(section) + "." + Lower(key));
  return it == values_.end() ? fallback : it->second.back();
}

std::vector<std::string> ConfigFile::GetAll(std::string_view section, std::string_view key) const {
  auto it = values_.find(Lower(section) + "." + Lower(key));
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

Result<bool> ConfigFile::GetBool(std::string_view section, std::string_view key,
                                 bool fallback) const {
  if (!Has(section, key)) return fallback;
  std::string v = Lower(Get(section, key));
  if (v == "on" || v == "true" || v == "yes" || v == "1") return true;
  if (v == "off" || v == "false" || v == "no" || v == "0" || v.empty()) return false;
  return Result<bool>::Error("[" + std::string(section) + "] " + std::string(key) + " = \"" + v +
                             "\" is not a boolean (use on/off, true/false, yes/no, 1/0)");
}

std::vector<std::string> ConfigFile::UnknownKeys(const std::vector<std::string>& allowed) const {
  std::vector<std::string> unknown;
  for (const auto& [name, values] : values_) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) unknown.push_back(name);
  }
  return unknown;
}

Result<int64_t> ParseGoDuration(std::string_view text) {
  // Go's time.ParseDuration: integers for the whole part, so every value up
  // to the int64 limit is exact (a long double total cast to double was not
  // above 2^53 ns, about 104 days, and FormatGoDuration's text did not read
  // back to its value); float64 only for the fraction, as Go does.
  auto bad = [&](const char* why) {
    return Result<int64_t>::Error("invalid duration \"" + std::string(text) + "\": " + why +
                                  " (examples: 300s, 5m, 1h30m, 250ms)");
  };
  constexpr uint64_t kLimit = uint64_t{1} << 63;  // |int64 min|
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return int64_t{0};
  if (s.empty()) return bad("empty");
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  uint64_t total = 0;
  while (!s.empty()) {
    if (!is_digit(s[0]) && s[0] != '.') return bad("expected a number");
    uint64_t whole = 0;
    size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (whole > kLimit / 10) return bad("too large");
      whole = whole * 10 + static_cast<uint64_t>(s[i] - '0');
      if (whole > kLimit) return bad("too large");
    }
    bool digits = i > 0;
    uint64_t fraction = 0;
    double scale = 1;
    if (i < s.size() && s[i] == '.') {
      ++i;
      bool overflow = false;
      for (; i < s.size() && is_digit(s[i]); ++i) {
        digits = true;
        if (overflow) continue;  // further digits cannot matter
        if (fraction > (kLimit - 1) / 10) {
          overflow = true;
          continue;
        }
        const uint64_t next = fraction * 10 + static_cast<uint64_t>(s[i] - '0');
        if (next > kLimit) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
    }
    if (!digits) return bad("malformed number");
    s.remove_prefix(i);
    size_t u = 0;
    while (u < s.size() && !is_digit(s[u]) && s[u] != '.')
      ++u;
    const std::string_view unit = s.substr(0, u);
    s.remove_prefix(u);
    uint64_t scale_ns;
    if (unit == "ns")
      scale_ns = 1;
    else if (unit == "us" || unit == "\xc2\xb5s" || unit == "\xce\xbcs")
      scale_ns = 1'000;
    else if (unit == "ms")
      scale_ns = 1'000'000;
    else if (unit == "s")
      scale_ns = 1'000'000'000;
    else if (unit == "m")
      scale_ns = 60'000'000'000;
    else if (unit == "h")
      scale_ns = 3'600'000'000'000;
    else if (unit.empty())
      return bad("missing unit");
    else
      return bad("unknown unit");
    if (whole > kLimit / scale_ns) return bad("too large");
    uint64_t value = whole * scale_ns;
    if (fraction > 0) {
      value += static_cast<uint64_t>(static_cast<double>(fraction) *
                                     (static_cast<double>(scale_ns) / scale));
      if (value > kLimit) return bad("too large");
    }
    total += value;
    if (total > kLimit) return bad("too large");
  }
  if (negative) return static_cast<int64_t>(0 - total);
  if (total > kLimit - 1) return bad("too large");
  return static_cast<int64_t>(total);
}

std::string FormatGoDuration(int64_t nanos) {
  if (nanos == 0) return "0s";
  std::string sign = nanos < 0 ? "-" : "";
  uint64_t u = nanos < 0 ? static_cast<uint64_t>(-(nanos + 1)) + 1 : static_cast<uint64_t>(nanos);
  auto frac = [](uint64_t v, uint64_t div) {
    std::string s = std::to_string(v / div);
    uint64_t rem = v % div;
    if (rem != 0) {
      std::string f = std::to_string(rem + div).substr(1);  // zero-padded
      while (!f.empty() && f.back() == '0')
        f.pop_back();
      s += "." + f;
    }
    return s;
  };
  if (u < 1000) return sign + std::to_string(u) + "ns";
  if (u < 1000000) return sign + frac(u, 1000) + "\xc2\xb5s";
  if (u < 1000000000) return sign + frac(u, 1000000) + "ms";
  std::string out = sign;
  uint64_t hours = u / 3600000000000ULL;
  u -= hours * 3600000000000ULL;
  uint64_t minutes = u / 60000000000ULL;
  u -= minutes * 60000000000ULL;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0) out += std::to_string(minutes) + "m";
  out += frac(u, 1000000000) + "s";
  return out;
}

}  // namespace mig
