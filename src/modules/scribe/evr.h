// Scribe's EVR (epoch:version-release) comparison (spec/modules/scribe.md
// section 5): one rpmvercmp-like algorithm for every distribution, kept as
// MIG has it (tildes and carets are separators, an empty release is older),
// so policies give the answers they give in MIG. The one exception: an
// all-zero numeric token longer than one digit ("00") counts as 0 where MIG
// crashed the whole module (section 4.2's recommendation).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace mig::modules::scribe {

struct Evr {
  std::string epoch;  // digits as written, "0" when absent; may be empty (":1")
  std::string version;
  std::string release;
};

// Splits a version string (section 5.1). Errors: "evrExtract: only epoch",
// "evrExtract: ends in dash".
Result<Evr> ExtractEvr(std::string_view text);

// vercmp on a version or release string (section 5.3): -1, 0 or 1.
int VerCmp(std::string_view a, std::string_view b);

// compare(actual, check) (section 5.2): -1 when actual is older, 0 when
// equal, 1 when newer; an error for a string that does not parse or an
// epoch that is not a number ("evrRpmCompare: bad actual epoch").
Result<int> CompareEvr(std::string_view actual, std::string_view check);

// A test's evr operation ("<", ">" or "=") applied to actual and check.
// Other operations: "invalid evr operation <op>".
Result<bool> EvrHolds(std::string_view actual, std::string_view operation, std::string_view check);

}  // namespace mig::modules::scribe
