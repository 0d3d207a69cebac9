#include "modules/memory/params.h"

#include <algorithm>

#include <re2/re2.h>

#include "modules/go_flags.h"
#include "modules/go_json.h"

namespace mig::modules::memory {
namespace {

Status CheckRegexes(const std::vector<std::string>& list) {
  for (const auto& re : list) {
    if (re.empty()) return Status::Error("Empty values are not permitted");
    RE2 compiled(re, RE2::Quiet);
    if (!compiled.ok())
      return Status::Error("Invalid regexp '" + re + "'. Compilation failed with '" +
                           compiled.error() + "'. Must be a valid regular expression.");
  }
  return Status::Ok();
}

}  // namespace

bool DecodeHex(const std::string& hex, std::string* out) {
  if (hex.empty() || hex.size() % 2) return false;
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int v = 0;
    for (size_t k = 0; k < 2; ++k) {
      const char c = hex[i + k];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0) return false;
      v = v * 16 + d;
    }
    out->push_back(static_cast<char>(v));
  }
  return true;
}

Result<Parameters> DecodeParameters(const Json& json) {
  if (Status st = gojson::RequireObject(json, "memory.params"); !st) return st;
  Parameters p;
  const Json* searches = gojson::Field(json, "searches");
  if (!searches || searches->is_null()) return p;
  if (Status st = gojson::RequireObject(*searches, "map[string]memory.search"); !st) return st;
  for (auto it = searches->begin(); it != searches->end(); ++it) {
    Search s;
    s.label = it.key();
    const Json& v = it.value();
    if (Status st = gojson::RequireObject(v, "memory.search"); !st) return st;
    const std::string w = "search";
    if (Status st = gojson::ReadString(v, "description", w, &s.description); !st) return st;
    for (auto [key, list] : {std::pair{"names", &s.names},
                             {"libraries", &s.libraries},
                             {"contents", &s.contents},
                             {"bytes", &s.bytes}})
      if (Status st = gojson::ReadStringList(v, key, w, list); !st) return st;
    if (const Json* o = gojson::Field(v, "options"); o && !o->is_null()) {
      if (Status st = gojson::RequireObject(*o, "memory.options"); !st) return st;
      const std::string ow = "options";
      if (Status st = gojson::ReadNumber(*o, "offset", ow, &s.options.offset); !st) return st;
      if (Status st = gojson::ReadNumber(*o, "maxlength", ow, &s.options.maxlength); !st) return st;
      if (Status st = gojson::ReadBool(*o, "logfailures", ow, &s.options.logfailures); !st)
        return st;
      if (Status st = gojson::ReadBool(*o, "matchall", ow, &s.options.matchall); !st) return st;
    }
    p.searches.push_back(std::move(s));
  }
  std::sort(p.searches.begin(), p.searches.end(),
            [](const Search& a, const Search& b) { return a.label < b.label; });
  return p;
}

Status ValidateParameters(const Parameters& params) {
  static const RE2 kLabel("^([a-zA-Z0-9_-]){1,64}$");
  for (const auto& s : params.searches) {
    if (!RE2::FullMatch(s.label, kLabel))
      return Status::Error("The syntax of label '" + s.label +
                           "' is invalid. Must match regex ^([a-zA-Z0-9_-]){1,64}$");
    for (const auto* list : {&s.names, &s.libraries, &s.contents})
      if (Status st = CheckRegexes(*list); !st) return st;
    for (const auto& b : s.bytes) {
      std::string raw;
      if (!DecodeHex(b, &raw))
        return Status::Error("Invalid bytes '" + b +
                             "'. Must be an hexadecimal byte string without leading 0x. ex: "
                             "'ff00d1ab'");
    }
    if (s.options.offset < 0 || s.options.maxlength < 0)
      return Status::Error("search '" + s.label +
                           "': options.offset and options.maxlength must not be negative");
  }
  return Status::Ok();
}

OrderedJson SearchToJson(const Search& s) {
  OrderedJson j = OrderedJson::object();
  if (!s.description.empty()) j["description"] = s.description;
  if (!s.names.empty()) j["names"] = s.names;
  if (!s.libraries.empty()) j["libraries"] = s.libraries;
  if (!s.bytes.empty()) j["bytes"] = s.bytes;
  if (!s.contents.empty()) j["contents"] = s.contents;
  OrderedJson o = OrderedJson::object();
  if (s.options.offset != 0) o["offset"] = gojson::Number(s.options.offset);
  if (s.options.maxlength != 0) o["maxlength"] = gojson::Number(s.options.maxlength);
  if (s.options.logfailures) o["logfailures"] = true;
  if (s.options.matchall) o["matchall"] = true;
  j["options"] = o;
  return j;
}

OrderedJson ParametersToJson(const Parameters& params) {
  OrderedJson searches = OrderedJson::object();
  for (const auto& s : params.searches)
    searches[s.label] = SearchToJson(s);
  return OrderedJson{{"searches", searches}};
}

namespace {

struct Cli {
  Search s;
  bool matchany = false;
};

// The one registration of `mig memory` flags: the parser and the description.
FlagSet DeclareFlags(Cli& c) {
  Search& s = c.s;
  FlagSet flags("mig memory");
  flags.List("name", &s.names, "regex on the full path of the executable, e.g. 'sshd$'");
  flags.List("lib", &s.libraries, "regex on the path of a mapped library, e.g. 'libssl'");
  flags.List("content", &s.contents, "regex searched in readable process memory");
  flags.List("bytes", &s.bytes, "byte string (hex) searched in memory, e.g. deadbeef");
  flags.Bool("matchall", &s.options.matchall, "a process must pass every check (default)");
  flags.Bool("matchany", &c.matchany, "report each check's processes on its own");
  flags.Bool("logfailures", &s.options.logfailures, "report unreadable memory regions");
  // MIG's parser registers -offset/-maxlength as -maxdepth/-matchlimit.
  flags.Number("offset", &s.options.offset, "first address to scan");
  flags.Number("maxdepth", &s.options.offset, "alias of -offset");
  flags.Number("maxlength", &s.options.maxlength, "stop after this many bytes per process");
  flags.Number("matchlimit", &s.options.maxlength, "alias of -maxlength");
  return flags;
}

}  // namespace

std::vector<FlagInfo> MemoryFlags() {
  Cli c;
  return DeclareFlags(c).Describe();
}

Result<Parameters> ParseMemoryArgs(const std::vector<std::string>& args, const FileSource& files) {
  Cli c;
  Search& s = c.s;
  s.label = "s1";
  s.options.matchall = true;
  if (Status st = DeclareFlags(c).Parse(args, files); !st) return st;
  if (c.matchany) s.options.matchall = false;
  Parameters p;
  p.searches.push_back(std::move(s));
  return p;
}

std::string MemoryUsage() {
  return R"(mig memory - find running processes by name, library or memory content (Linux)

usage: mig memory [-t local | --local] <checks> [options]

checks (repeatable):
  -name <regex>     full path of the executable (/proc/PID/exe), e.g. 'sshd$'
  -lib <regex>      path of a mapped library, e.g. 'libssl'
  -content <regex>  regex searched in readable process memory
  -bytes <hex>      byte string searched in memory, e.g. deadbeef
options:
  -matchall         a process must pass every check (default)
  -matchany         report each check's processes on its own
  -offset <n>       first address to scan (alias -maxdepth)
  -maxlength <n>    stop after n bytes per process (alias -matchlimit)
  -logfailures      report unreadable memory regions

Only process names and pids are returned, never memory content. Needs root
(or ptrace rights) to read other processes' memory.

examples:
  mig memory -t local -name firefox -content 'some bogus content'
  mig memory -t local -lib libcrypto -content 'BEGIN RSA PRIVATE KEY' -maxlength 100000000
  mig memory -t local -bytes 4d5a90000300000004000000ffff -matchany
)";
}

}  // namespace mig::modules::memory
