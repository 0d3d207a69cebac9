#include "modules/file/cli.h"

#include <charconv>
#include <map>

#include "modules/file/path_util.h"

namespace mig::modules::file {
namespace {

Result<double> ParseNumber(const std::string& flag, const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    return Result<double>::Error("invalid value \"" + text + "\" for flag -" + flag +
                                 ": expected a number");
  return v;
}

Result<bool> ParseBool(const std::string& flag, const std::string& text) {
  if (text == "1" || text == "t" || text == "T" || text == "true" || text == "TRUE" ||
      text == "True")
    return true;
  if (text == "0" || text == "f" || text == "F" || text == "false" || text == "FALSE" ||
      text == "False")
    return false;
  return Result<bool>::Error("invalid boolean value \"" + text + "\" for flag -" + flag);
}

}  // namespace

Result<Parameters> ParseFileArgs(const std::vector<std::string>& args) {
  Search s;
  s.label = "s1";
  s.options.maxdepth = 1000;
  s.options.maxerrors = 30;
  s.options.matchlimit = 1000;
  s.options.matchall = true;
  bool matchany = false;
  std::vector<std::string> mismatch;
  const std::map<std::string, std::vector<std::string>*> lists = {
      {"path", &s.paths},   {"name", &s.names},       {"size", &s.sizes},     {"mode", &s.modes},
      {"mtime", &s.mtimes}, {"content", &s.contents}, {"md5", &s.md5},        {"sha1", &s.sha1},
      {"sha2", &s.sha2},    {"sha3", &s.sha3},        {"mismatch", &mismatch}};
  const std::map<std::string, double*> numbers = {{"maxdepth", &s.options.maxdepth},
                                                  {"maxerrors", &s.options.maxerrors},
                                                  {"matchlimit", &s.options.matchlimit}};
  bool verbose = false;
  const std::map<std::string, bool*> bools = {
      {"matchall", &s.options.matchall},     {"matchany", &matchany},
      {"macroal", &s.options.macroal},       {"returnsha256", &s.options.returnsha256},
      {"decompress", &s.options.decompress}, {"verbose", &verbose}};
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-') break;  // first non-flag ends parsing
    if (a == "--") break;
    std::string name = a.substr(a[1] == '-' ? 2 : 1);
    std::string value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (name == "h" || name == "help") return Result<Parameters>::Error("help requested");
    if (auto b = bools.find(name); b != bools.end()) {
      if (has_value) {
        auto v = ParseBool(name, value);
        if (!v) return v.status();
        *b->second = *v;
      } else {
        *b->second = true;
      }
      continue;
    }
    const bool is_list = lists.count(name) > 0;
    const bool is_number = numbers.count(name) > 0;
    if (!is_list && !is_number)
      return Result<Parameters>::Error("flag provided but not defined: -" + name +
                                       " (see mig file help)");
    if (!has_value) {
      if (i + 1 >= args.size())
        return Result<Parameters>::Error("flag needs an argument: -" + name);
      value = args[++i];
    }
    if (is_list) {
      lists.at(name)->push_back(value);
    } else {
      auto v = ParseNumber(name, value);
      if (!v) return v.status();
      *numbers.at(name) = *v;
    }
  }
  for (auto& p : s.paths)
    p = CleanPath(p);
  if (matchany) s.options.matchall = false;
  if (!mismatch.empty()) s.options.mismatch = mismatch;
  Parameters params;
  params.searches.push_back(std::move(s));
  return params;
}

std::string FileUsage() {
  return R"(mig file - search files by name, metadata, content and hashes

usage: mig file [-t local | --local] -path <dir> [filters] [options]

filters (repeatable; several values of one filter are ANDed with -matchall):
  -path <p>        directory or file to search (required, repeatable)
  -name <regex>    regex on the base name; prefix with ! to invert
  -size <expr>     [<|>]<n>[k|m|g|t], binary units, bounds inclusive: '<10k'
  -mode <regex>    regex on the mode string, e.g. '^-rw-r--r--$'
  -mtime <expr>    <N or >N with d (days), h (hours), m (minutes): '<2d'
  -content <regex> regex on each line (RE2 syntax); prefix with ! to invert
  -md5, -sha1 <hex>, -sha2 <hex> (SHA-256/384/512), -sha3 <hex> (SHA3-224/256/384/512)

options:
  -mismatch <filter>  invert a filter: name, size, mode, mtime, content, md5, sha1, sha2, sha3
  -matchall           a file must match every filter (default)
  -matchany           each filter stands alone
  -macroal            every line must match every content regex
  -maxdepth <n>       deepest directory level; the search path is level 1 (default 1000, 0 = unlimited)
  -maxerrors <n>      walking errors returned (default 30, 0 = unlimited)
  -matchlimit <n>     stop after this many hits (default 1000, 0 = unlimited)
  -returnsha256       add each matched file's SHA-256
  -decompress         gunzip gzip files before content and hash checks
  -verbose            more output from the client

examples:
  mig file -t local -path /etc -name '^passwd$' -content root -size '<10k'
  mig file -t local -path /usr -name '^vim$' -sha1 <h1> -sha1 <h2> -matchany

exit status: 0 something found, 1 nothing found, 2 error
)";
}

}  // namespace mig::modules::file
