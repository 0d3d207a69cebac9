#include "modules/file/params.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <re2/re2.h>

#include "modules/file/path_util.h"
#include "modules/go_json.h"

namespace mig::modules::file {
namespace {

using gojson::Field;
using gojson::ReadBool;
using gojson::ReadNumber;
using gojson::ReadString;
using gojson::TypeError;

Status DecodeOptions(const Json& v, SearchOptions* o) {
  if (v.is_null()) return Status::Ok();
  if (!v.is_object()) return TypeError(v, "search.options", "file.options");
  const std::string w = "options";
  Status s;
  if (!(s = ReadNumber(v, "maxdepth", w, &o->maxdepth))) return s;
  if (!(s = ReadNumber(v, "maxerrors", w, &o->maxerrors))) return s;
  if (!(s = ReadNumber(v, "matchlimit", w, &o->matchlimit))) return s;
  if (!(s = ReadBool(v, "remotefs", w, &o->remotefs))) return s;
  if (!(s = ReadBool(v, "matchall", w, &o->matchall))) return s;
  if (!(s = ReadBool(v, "macroal", w, &o->macroal))) return s;
  if (!(s = ReadBool(v, "returnsha256", w, &o->returnsha256))) return s;
  if (!(s = ReadBool(v, "decompress", w, &o->decompress))) return s;
  if (!(s = ReadString(v, "debug", w, &o->debug))) return s;
  return gojson::ReadOptionalStringList(v, "mismatch", w, &o->mismatch);
}

Result<Search> DecodeSearch(const std::string& label, const Json& v) {
  Search s;
  s.label = label;
  if (v.is_null()) return s;
  if (!v.is_object()) return TypeError(v, "parameters.searches", "file.search");
  const std::string w = "search";
  Status st;
  if (!(st = ReadString(v, "description", w, &s.description))) return st;
  std::vector<std::string> raw_paths;
  if (!(st = gojson::ReadStringList(v, "paths", w, &raw_paths))) return st;
  for (const auto& p : raw_paths)
    s.paths.push_back(p.empty() ? std::string() : CleanPath(p));
  struct ListField {
    const char* key;
    std::vector<std::string>* dest;
  };
  for (const ListField& f :
       {ListField{"contents", &s.contents}, ListField{"names", &s.names},
        ListField{"sizes", &s.sizes}, ListField{"modes", &s.modes}, ListField{"mtimes", &s.mtimes},
        ListField{"md5", &s.md5}, ListField{"sha1", &s.sha1}, ListField{"sha2", &s.sha2},
        ListField{"sha3", &s.sha3}}) {
    if (!(st = gojson::ReadStringList(v, f.key, w, f.dest))) return st;
  }
  if (const Json* o = Field(v, "options")) {
    if (!(st = DecodeOptions(*o, &s.options))) return st;
  }
  return s;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string Where(const Search& s) {
  return "search '" + s.label + "': ";
}

Status CheckRegexes(const Search& s, const std::vector<std::string>& values, const char* field,
                    bool allow_inverse) {
  for (const auto& value : values) {
    if (value.empty())
      return Status::Error(Where(s) + field + ": empty values are not permitted; remove the " +
                           "empty string or give a regular expression");
    std::string pattern = value;
    if (allow_inverse && pattern.size() >= 2 && pattern[0] == '!') pattern.erase(0, 1);
    RE2::Options opts;
    opts.set_log_errors(false);
    RE2 re(pattern, opts);
    if (!re.ok())
      return Status::Error(Where(s) + field + ": invalid regexp '" + value +
                           "': must be an RE2 (Go) regular expression; compilation failed with '" +
                           re.error() + "'");
  }
  return Status::Ok();
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status CheckSizes(const Search& s) {
  for (const auto& value : s.sizes) {
    std::string_view v = value;
    if (!v.empty() && (v[0] == '<' || v[0] == '>')) v.remove_prefix(1);
    if (!v.empty() && (v.back() == 'k' || v.back() == 'm' || v.back() == 'g' || v.back() == 't'))
      v.remove_suffix(1);
    if (!AllDigits(v))
      return Status::Error(Where(s) + "invalid size format for size '" + value +
                           "': expected [<|>]<digits>[k|m|g|t], e.g. '<10k', '>1m' or '1024'");
    if (v.size() > 15) return Status::Error(Where(s) + "size '" + value + "' is too large");
  }
  return Status::Ok();
}

Status CheckMtimes(const Search& s) {
  for (const auto& value : s.mtimes) {
    std::string_view v = value;
    bool ok = v.size() >= 3 && (v[0] == '<' || v[0] == '>') &&
              (v.back() == 'd' || v.back() == 'h' || v.back() == 'm') &&
              AllDigits(v.substr(1, v.size() - 2));
    if (!ok)
      return Status::Error(Where(s) + "invalid mtime format for mtime '" + value +
                           "': expected <N or >N followed by d (days), h (hours) or m (minutes), "
                           "e.g. '<2d' or '>30m'");
    if (v.size() - 2 > 12) return Status::Error(Where(s) + "mtime '" + value + "' is too large");
  }
  return Status::Ok();
}

Status CheckHashes(const Search& s, const std::vector<std::string>& values, const char* field,
                   std::initializer_list<size_t> lengths, const char* expected) {
  for (const auto& value : values) {
    const bool hex = std::all_of(value.begin(), value.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c));
    });
    const bool length_ok = std::find(lengths.begin(), lengths.end(), value.size()) != lengths.end();
    if (!hex || !length_ok || value.empty())
      return Status::Error(Where(s) + "invalid checksum format for hash '" + value + "' in " +
                           field + ": expected " + expected);
  }
  return Status::Ok();
}

Status CheckNumber(const Search& s, double v, const char* name) {
  if (v < 0 || !std::isfinite(v))
    return Status::Error(Where(s) + "options." + name +
                         " must be 0 (unlimited) or a positive number");
  return Status::Ok();
}

}  // namespace

bool Search::Mismatches(const std::string& filter) const {
  if (!options.mismatch) return false;
  return std::find(options.mismatch->begin(), options.mismatch->end(), filter) !=
         options.mismatch->end();
}

Result<Parameters> DecodeParameters(const Json& parameters) {
  Parameters out;
  if (parameters.is_null()) return out;
  if (!parameters.is_object()) return TypeError(parameters, "parameters", "file.Parameters");
  const Json* searches = Field(parameters, "searches");
  if (!searches || searches->is_null()) return out;
  if (!searches->is_object())
    return TypeError(*searches, "parameters.searches", "map[string]file.search");
  for (auto it = searches->begin(); it != searches->end(); ++it) {
    auto search = DecodeSearch(it.key(), it.value());
    if (!search) return search.status();
    out.searches.push_back(std::move(*search));
  }
  std::sort(out.searches.begin(), out.searches.end(),
            [](const Search& a, const Search& b) { return a.label < b.label; });
  return out;
}

Status ValidateParameters(const Parameters& parameters) {
  for (const Search& s : parameters.searches) {
    const size_t n = CodePoints(s.label);
    if (n == 0) return Status::Error("empty labels are not permitted: give each search a label");
    if (n > 64 || s.label.find('\n') != std::string::npos)
      return Status::Error("The syntax of label '" + s.label +
                           "' is invalid: a label is 1 to 64 characters without a newline");
    if (s.paths.empty())
      return Status::Error(Where(s) +
                           "invalid empty search path, must have at least one search path");
    for (const auto& p : s.paths)
      if (p.empty()) return Status::Error(Where(s) + "paths: empty values are not permitted");
    Status st;
    if (!(st = CheckRegexes(s, s.names, "names", true))) return st;
    if (!(st = CheckRegexes(s, s.contents, "contents", true))) return st;
    if (!(st = CheckRegexes(s, s.modes, "modes", false))) return st;
    if (!(st = CheckSizes(s))) return st;
    if (!(st = CheckMtimes(s))) return st;
    if (!(st = CheckHashes(s, s.md5, "md5", {32}, "32 hex digits"))) return st;
    if (!(st = CheckHashes(s, s.sha1, "sha1", {40}, "40 hex digits"))) return st;
    if (!(st = CheckHashes(s, s.sha2, "sha2", {64, 96, 128},
                           "64 (SHA-256), 96 (SHA-384) or 128 (SHA-512) hex digits")))
      return st;
    if (!(st = CheckHashes(s, s.sha3, "sha3", {56, 64, 96, 128},
                           "56 (SHA3-224), 64 (SHA3-256), 96 (SHA3-384) or 128 (SHA3-512) hex "
                           "digits")))
      return st;
    if (s.options.mismatch) {
      static const std::vector<std::string> kFilters = {"name", "size", "mode", "mtime", "content",
                                                        "md5",  "sha1", "sha2", "sha3"};
      for (const auto& f : *s.options.mismatch)
        if (std::find(kFilters.begin(), kFilters.end(), f) == kFilters.end())
          return Status::Error(Where(s) + "The syntax of filter '" + f +
                               "' is invalid. Must match regex "
                               "^(name|size|mode|mtime|content|md5|sha1|sha2|sha3)$");
    }
    if (!(st = CheckNumber(s, s.options.maxdepth, "maxdepth"))) return st;
    if (!(st = CheckNumber(s, s.options.maxerrors, "maxerrors"))) return st;
    if (!(st = CheckNumber(s, s.options.matchlimit, "matchlimit"))) return st;
  }
  return Status::Ok();
}

uint64_t EffectiveLimit(double value) {
  if (!(value >= 1)) return kUnlimited;
  if (value >= static_cast<double>(kUnlimited)) return kUnlimited;
  return static_cast<uint64_t>(value);
}

OrderedJson SearchToJson(const Search& s, bool zero_limits) {
  OrderedJson j = OrderedJson::object();
  if (!s.description.empty()) j["description"] = s.description;
  j["paths"] = s.paths.empty() ? OrderedJson(nullptr) : OrderedJson(s.paths);
  auto put = [&j](const char* key, const std::vector<std::string>& v) {
    if (!v.empty()) j[key] = v;
  };
  put("contents", s.contents);
  put("names", s.names);
  put("sizes", s.sizes);
  put("modes", s.modes);
  put("mtimes", s.mtimes);
  put("md5", s.md5);
  put("sha1", s.sha1);
  put("sha2", s.sha2);
  put("sha3", s.sha3);
  const SearchOptions& o = s.options;
  OrderedJson opts = OrderedJson::object();
  opts["maxdepth"] = zero_limits ? OrderedJson(0) : gojson::Number(o.maxdepth);
  opts["maxerrors"] = zero_limits ? OrderedJson(0) : gojson::Number(o.maxerrors);
  if (o.remotefs) opts["remotefs"] = true;
  opts["matchall"] = o.matchall;
  opts["macroal"] = o.macroal;
  opts["mismatch"] = o.mismatch ? OrderedJson(*o.mismatch) : OrderedJson(nullptr);
  opts["matchlimit"] = zero_limits ? OrderedJson(0) : gojson::Number(o.matchlimit);
  if (!o.debug.empty()) opts["debug"] = o.debug;
  if (o.returnsha256) opts["returnsha256"] = true;
  if (o.decompress) opts["decompress"] = true;
  j["options"] = std::move(opts);
  return j;
}

OrderedJson ParametersToJson(const Parameters& parameters) {
  OrderedJson searches = OrderedJson::object();
  for (const Search& s : parameters.searches)
    searches[s.label] = SearchToJson(s, false);
  OrderedJson out = OrderedJson::object();
  out["searches"] = std::move(searches);
  return out;
}

}  // namespace mig::modules::file
