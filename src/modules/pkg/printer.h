// pkg's result: its failure shape and its human-readable lines (spec:
// modules/pkg.md sections 5-6).
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::modules::pkg {

// success false, the message as the only error, elements null, and
// statistics.execruntime filled as MIG fills it ("0s": nothing ran).
ModuleResult PkgFailure(const std::string& message);

// "pkgmatch name=<name> version=<version> type=<type> arch=<arch>" per
// package; without found_only, the errors and "Statistics: runtime <d>".
std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only);

}  // namespace mig::modules::pkg
