// gcfg configuration files (core/gcfg.h), the format of every component's
// configuration, and the Go durations written in them. Configuration files
// are the operator's, but agents also read theirs from places an attacker on
// the host may write, and the clients read ~/.migrc.
//
// Properties, for any input:
// * every value the reader returns can be written back as a quoted value
//   and reads back the same, in the same order;
// * GetBool answers for every key without crashing;
// * a duration the reader accepts (the whole input, or any value) is
//   written by FormatGoDuration as text that reads back to the same number
//   of nanoseconds, and any int64 of nanoseconds does too.
#include <cstring>
#include <string>
#include <vector>

#include "core/gcfg.h"
#include "fuzz_support.h"

namespace {

std::string Quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void CheckDuration(std::string_view text) {
  auto nanos = mig::ParseGoDuration(text);
  if (!nanos) return;
  const std::string formatted = mig::FormatGoDuration(*nanos);
  auto again = mig::ParseGoDuration(formatted);
  if (!again) {
    mig::fuzz::Violation(__FILE__, __LINE__, "own duration unreadable", formatted, again.error());
  }
  if (*again != *nanos) {
    mig::fuzz::Violation(__FILE__, __LINE__, "duration round trip changed the value",
                         std::string(text) + " -> " + std::to_string(*nanos),
                         formatted + " -> " + std::to_string(*again));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = mig::fuzz::AsText(data, size);
  if (size >= sizeof(int64_t)) {
    int64_t nanos;
    std::memcpy(&nanos, data, sizeof nanos);
    const std::string formatted = mig::FormatGoDuration(nanos);
    auto back = mig::ParseGoDuration(formatted);
    if (!back || *back != nanos) {
      mig::fuzz::Violation(__FILE__, __LINE__, "FormatGoDuration's text reads back differently",
                           std::to_string(nanos) + " -> " + formatted,
                           back ? std::to_string(*back) : back.error());
    }
  }
  if (size < 64) CheckDuration(text);

  auto cfg = mig::ConfigFile::Parse(text);
  if (!cfg) return 0;
  // UnknownKeys with nothing allowed lists every "section.key" name.
  std::vector<std::string> values;
  std::string rewritten = "[s]\n";
  for (const std::string& name : cfg->UnknownKeys({})) {
    const size_t dot = name.rfind('.');
    MIG_FUZZ_CHECK(dot != std::string::npos, "a key name without its section");
    const std::string section = name.substr(0, dot), key = name.substr(dot + 1);
    // Subsection names keep their case ([a "B"] is a.B) while the accessors
    // lower-case what they are given: such keys are only listed.
    if (!cfg->Has(section, key)) continue;
    (void)cfg->GetBool(section, key, false);
    for (const std::string& v : cfg->GetAll(section, key)) {
      values.push_back(v);
      rewritten += "k = " + Quoted(v) + "\n";
      CheckDuration(v);
    }
  }
  auto again = mig::ConfigFile::Parse(rewritten);
  if (!again) {
    mig::fuzz::Violation(__FILE__, __LINE__, "rewritten values unreadable", rewritten,
                         again.error());
  }
  const std::vector<std::string> read = again->GetAll("s", "k");
  MIG_FUZZ_CHECK(read.size() == values.size(), "rewritten values lost");
  for (size_t i = 0; i < read.size(); ++i)
    MIG_FUZZ_CHECK_EQ(read[i], values[i], "value changed by quoting");
  return 0;
}
