// Where a file object's files are (spec/modules/scribe.md section 4.1): the
// file module's own walker, run in-process with the search MIG makes
// (paths [path], names [file regex], maxdepth 10, maxerrors 30, matchall,
// matchlimit 1000). The empty placeholder path MIG passed on when nothing
// was found never appears: nothing found is an empty list.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace mig::modules::scribe {

inline constexpr int kLocateMaxDepth = 10;
inline constexpr int kLocateMatchLimit = 1000;

// Regular files and links to regular files under path whose base name the
// regex matches, in walk order. An error only for a search the file module
// refuses (an invalid regex).
Result<std::vector<std::string>> LocateFiles(const std::string& path,
                                             const std::string& file_regex);

}  // namespace mig::modules::scribe
