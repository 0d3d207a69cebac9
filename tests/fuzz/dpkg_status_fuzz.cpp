// dpkg's status file (modules/pkg/engine/dpkg_status.h), which the pkg and
// scribe modules read on every dpkg host; whoever can write it can feed the
// agent anything.
//
// Properties, for any input:
// * the answer does not depend on how the bytes are cut into chunks (the
//   whole input at once, one byte at a time, and cuts at a position taken
//   from the input give the same packages or the same error);
// * small limits are honoured: a refused input says which limit;
// * every package kept has a name dpkg allows (qualified with ":<arch>" at
//   most once), a version and an architecture without blanks or line
//   breaks, and the type "dpkg".
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "modules/pkg/engine/dpkg_status.h"

namespace {

using mig::modules::pkg::DpkgStatusLimits;
using mig::modules::pkg::DpkgStatusParser;
using mig::modules::pkg::InstalledPackage;

std::string Describe(const mig::Result<std::vector<InstalledPackage>>& r) {
  if (!r) return "error: " + r.error();
  std::string out;
  for (const auto& p : *r)
    out += p.name + " " + p.version + " " + p.arch + " " + p.type + "\n";
  return out;
}

mig::Result<std::vector<InstalledPackage>> Parse(std::string_view text, std::size_t chunk,
                                                 DpkgStatusLimits limits = {}) {
  DpkgStatusParser parser(limits);
  for (std::size_t i = 0; i < text.size(); i += chunk)
    if (!parser.Feed(text.substr(i, chunk))) break;
  return parser.Finish();
}

bool Blankless(const std::string& s) {
  for (char c : s)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0') return false;
  return !s.empty();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = mig::fuzz::AsText(data, size);
  const auto whole = Parse(text, text.size() + 1);
  const std::string expected = Describe(whole);
  MIG_FUZZ_CHECK_EQ(Describe(Parse(text, 1)), expected, "byte-by-byte feeding differs");
  const std::size_t cut = size > 0 ? 1 + data[0] % 97 : 1;
  MIG_FUZZ_CHECK_EQ(Describe(Parse(text, cut)), expected, "chunked feeding differs");

  if (whole) {
    for (const auto& p : *whole) {
      MIG_FUZZ_CHECK(p.type == "dpkg", "type is not dpkg");
      MIG_FUZZ_CHECK(Blankless(p.name) && Blankless(p.version) && Blankless(p.arch),
                     "a field is empty or holds a blank");
      const auto colon = p.name.find(':');
      if (colon != std::string::npos)
        MIG_FUZZ_CHECK_EQ(p.name.substr(colon + 1), p.arch, "qualifier is not the architecture");
    }
  }

  DpkgStatusLimits small;
  small.max_line = 64;
  small.max_bytes = 512;
  small.max_stanzas = 3;
  const auto limited = Parse(text, 13, small);
  if (!limited) {
    MIG_FUZZ_CHECK(limited.error().rfind("line ", 0) == 0, "an error without its line");
  } else {
    MIG_FUZZ_CHECK(size <= small.max_bytes, "max_bytes not honoured");
    MIG_FUZZ_CHECK(limited->size() <= small.max_stanzas, "max_stanzas not honoured");
  }
  return 0;
}
