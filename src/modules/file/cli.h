// `mig file ...` command-line flags (spec/modules/file.md section 3), parsed
// with Go flag package rules: -name value, -name=value, --name value;
// booleans take no separate value; repeatable flags add to a list; parsing
// stops at the first argument that is not a flag; an unknown flag is an error.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "modules/file/params.h"
#include "modules/go_flags.h"

namespace mig::modules::file {

// One search labelled "s1", with the CLI defaults (maxdepth 1000,
// maxerrors 30, matchlimit 1000, matchall true).
Result<Parameters> ParseFileArgs(const std::vector<std::string>& args,
                                 const FileSource& files = NoFiles());

// The flags ParseFileArgs takes, with their help.
std::vector<FlagInfo> FileFlags();

std::string FileUsage();

}  // namespace mig::modules::file
