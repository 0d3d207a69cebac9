#include "modules/pkg/params.h"

#include <re2/re2.h>

#include "modules/go_flags.h"
#include "modules/go_json.h"

namespace mig::modules::pkg {
namespace {

Status CheckRegex(const std::string& regex) {
  RE2 re(regex, RE2::Quiet);
  if (re.ok()) return Status::Ok();
  return Status::Error("error parsing regexp: " + re.error());
}

}  // namespace

VersionFilter VersionFilterOf(const std::string& vermatch) {
  if (vermatch.size() > 1 && vermatch[0] == '!') return {vermatch.substr(1), true};
  return {vermatch, false};
}

Result<Parameters> DecodeParameters(const Json& json) {
  if (Status st = gojson::RequireObject(json, "pkg.parameters"); !st) return st;
  Parameters p;
  if (const Json* pkgmatch = gojson::Field(json, "pkgmatch"); pkgmatch && !pkgmatch->is_null()) {
    if (!pkgmatch->is_object())
      return gojson::TypeError(*pkgmatch, "parameters.pkgmatch", "pkg.pkgmatch");
    if (Status st = gojson::ReadStringList(*pkgmatch, "matches", "parameters.pkgmatch", &p.matches);
        !st)
      return st;
  }
  if (Status st = gojson::ReadString(json, "vermatch", "parameters", &p.vermatch); !st) return st;
  return p;
}

Status ValidateParameters(const Parameters& params) {
  if (params.matches.empty()) return Status::Error("must specify at least one package to match");
  for (const auto& m : params.matches)
    if (Status st = CheckRegex(m); !st) return st;
  const VersionFilter filter = VersionFilterOf(params.vermatch);
  if (!filter.regex.empty())
    if (Status st = CheckRegex(filter.regex); !st) return st;
  return Status::Ok();
}

OrderedJson ParametersToJson(const Parameters& params) {
  OrderedJson j = OrderedJson::object();
  j["pkgmatch"] = OrderedJson::object();
  j["pkgmatch"]["matches"] = params.matches;
  j["vermatch"] = params.vermatch;
  return j;
}

namespace {

// The one registration of `mig pkg` flags: the parser and the description.
FlagSet DeclareFlags(Parameters& p) {
  FlagSet flags("mig pkg");
  flags.List("name", &p.matches, "package name regex (repeatable, each lists its own matches)");
  flags.String("version", &p.vermatch,
               "keep packages whose version matches this regex; a leading ! inverts");
  return flags;
}

}  // namespace

Result<Parameters> ParsePkgArgs(const std::vector<std::string>& args, const FileSource& files) {
  Parameters p;
  if (Status st = DeclareFlags(p).Parse(args, files); !st) return st;
  return p;
}

std::vector<FlagInfo> PkgFlags() {
  Parameters p;
  return DeclareFlags(p).Describe();
}

std::string PkgUsage() {
  return R"(mig pkg - installed packages of the endpoint (RPM database and dpkg status)

usage: mig pkg [-t local | --local] -name <regex> [-name <regex> ...] [-version <regex>]

  -name <regex>     package name regex, searched anywhere in the name (anchor
                    with ^ and $); repeatable, each regex lists its own matches
  -version <regex>  keep only packages whose version matches; a leading !
                    keeps those whose version does not match

Names are as `rpm -qa` and `dpkg -l` print them: dpkg packages that are
Multi-Arch: same carry their architecture (libc6:amd64). Versions are RPM's
[epoch:]version-release and Debian's full version with its epoch.

examples:
  mig pkg -name '^openssl'                  every openssl package
  mig pkg -name '^openssl$' -name libssl -version '!^1\.0'
                                            openssl and libssl not at 1.0
  mig pkg -t local -name '^linux-image'     kernels installed here

Global options (-t, -show, -p) must come before the search flags.
)";
}

}  // namespace mig::modules::pkg
