#include "modules/file/cli.h"

#include "modules/file/path_util.h"
#include "modules/go_flags.h"

namespace mig::modules::file {

Result<Parameters> ParseFileArgs(const std::vector<std::string>& args) {
  Search s;
  s.label = "s1";
  s.options.maxdepth = 1000;
  s.options.maxerrors = 30;
  s.options.matchlimit = 1000;
  s.options.matchall = true;
  bool matchany = false;
  bool verbose = false;  // read by the client only; accepted here
  std::vector<std::string> mismatch;
  FlagSet flags("mig file");
  flags.List("path", &s.paths);
  flags.List("name", &s.names);
  flags.List("size", &s.sizes);
  flags.List("mode", &s.modes);
  flags.List("mtime", &s.mtimes);
  flags.List("content", &s.contents);
  flags.List("md5", &s.md5);
  flags.List("sha1", &s.sha1);
  flags.List("sha2", &s.sha2);
  flags.List("sha3", &s.sha3);
  flags.List("mismatch", &mismatch);
  flags.Number("maxdepth", &s.options.maxdepth);
  flags.Number("maxerrors", &s.options.maxerrors);
  flags.Number("matchlimit", &s.options.matchlimit);
  flags.Bool("matchall", &s.options.matchall);
  flags.Bool("matchany", &matchany);
  flags.Bool("macroal", &s.options.macroal);
  flags.Bool("returnsha256", &s.options.returnsha256);
  flags.Bool("decompress", &s.options.decompress);
  flags.Bool("verbose", &verbose);
  if (Status st = flags.Parse(args); !st) return st;
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
