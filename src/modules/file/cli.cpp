#include "modules/file/cli.h"

#include "modules/file/path_util.h"
#include "modules/go_flags.h"

namespace mig::modules::file {

namespace {

// What the flags write before it becomes one search.
struct Cli {
  Search s;
  bool matchany = false;
  bool verbose = false;  // read by the client only; accepted here
  std::vector<std::string> mismatch;
};

// The one registration of `mig file` flags: the parser and the description.
FlagSet DeclareFlags(Cli& c) {
  Search& s = c.s;
  FlagSet flags("mig file");
  flags.List("path", &s.paths, "directory or file to search (required, repeatable)");
  flags.List("name", &s.names, "regex on the base name; prefix with ! to invert");
  flags.List("size", &s.sizes, "size: [<|>]<n>[k|m|g|t], binary units, bounds inclusive ('<10k')");
  flags.List("mode", &s.modes, "regex on the mode string, e.g. '^-rw-r--r--$'");
  flags.List("mtime", &s.mtimes, "modified <N or >N ago, with d, h or m: '<2d'");
  flags.List("content", &s.contents, "regex on each line (RE2 syntax); prefix with ! to invert");
  flags.List("md5", &s.md5, "MD5 of the content (hex)");
  flags.List("sha1", &s.sha1, "SHA-1 of the content (hex)");
  flags.List("sha2", &s.sha2, "SHA-256, SHA-384 or SHA-512 of the content (hex)");
  flags.List("sha3", &s.sha3, "SHA3-224, -256, -384 or -512 of the content (hex)");
  flags.List("mismatch", &c.mismatch,
             "invert a filter: name, size, mode, mtime, content, md5, sha1, sha2, sha3");
  flags.Number("maxdepth", &s.options.maxdepth,
               "deepest directory level, the search path is level 1 (default 1000, 0 = "
               "unlimited)");
  flags.Number("maxerrors", &s.options.maxerrors,
               "walking errors returned (default 30, 0 = unlimited)");
  flags.Number("matchlimit", &s.options.matchlimit,
               "stop after this many hits (default 1000, 0 = unlimited)");
  flags.Bool("matchall", &s.options.matchall, "a file must match every filter (default)");
  flags.Bool("matchany", &c.matchany, "each filter stands alone");
  flags.Bool("macroal", &s.options.macroal, "every line must match every content regex");
  flags.Bool("returnsha256", &s.options.returnsha256, "add each matched file's SHA-256");
  flags.Bool("decompress", &s.options.decompress,
             "gunzip gzip files before content and hash checks");
  flags.Bool("verbose", &c.verbose, "more output from the client");
  return flags;
}

}  // namespace

Result<Parameters> ParseFileArgs(const std::vector<std::string>& args, const FileSource& files) {
  Cli c;
  Search& s = c.s;
  s.label = "s1";
  s.options.maxdepth = 1000;
  s.options.maxerrors = 30;
  s.options.matchlimit = 1000;
  s.options.matchall = true;
  if (Status st = DeclareFlags(c).Parse(args, files); !st) return st;
  for (auto& p : s.paths)
    p = CleanPath(p);
  if (c.matchany) s.options.matchall = false;
  if (!c.mismatch.empty()) s.options.mismatch = c.mismatch;
  Parameters params;
  params.searches.push_back(std::move(s));
  return params;
}

std::vector<FlagInfo> FileFlags() {
  Cli c;
  return DeclareFlags(c).Describe();
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
