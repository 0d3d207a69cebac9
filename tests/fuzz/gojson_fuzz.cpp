// Go-compatible JSON (core/gojson.h): the reader every document goes through
// and the encoder the signed string is made of.
//
// Properties, for any input:
// * a rejected input is reported at a byte offset inside the input;
// * what the reader accepts, the encoder writes as JSON the reader accepts
//   again, and encoding that gives the same bytes (the encoding is a fixed
//   point after one pass: numbers become doubles once, never again);
// * IndentGoJson of that encoding reads back to the same value;
// * where nlohmann's strict RFC 8259 reader accepts the input (valid UTF-8,
//   no lone surrogates, no byte order mark, no NUL byte), ours accepts it too, with an
//   equal value, unless it nests deeper than kMaxJsonDepth.
#include <string>

#include "core/gojson.h"
#include "fuzz_support.h"

namespace {

void CheckErrorOffset(const std::string& error, size_t size) {
  constexpr std::string_view kPrefix = "invalid JSON at byte ";
  if (error.rfind(kPrefix, 0) != 0) return;  // "too large", not positional
  const size_t offset = std::stoull(error.substr(kPrefix.size()));
  MIG_FUZZ_CHECK(offset <= size, "error offset beyond the input");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using mig::Json;
  const std::string_view text = mig::fuzz::AsText(data, size);
  auto parsed = mig::ParseGoJson(text);

  // nlohmann skips a leading UTF-8 byte order mark and stops at a NUL byte
  // as if the input ended there; Go's decoder refuses both.
  if (!text.starts_with("\xEF\xBB\xBF") && text.find('\0') == std::string_view::npos) {
    const Json strict = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!strict.is_discarded()) {
      const bool too_deep = !parsed && parsed.error().find("nesting deeper") != std::string::npos;
      MIG_FUZZ_CHECK(parsed || too_deep, "valid JSON rejected");
      // nlohmann's == compares numbers by value: "-0" is our -0.0 and its 0.
      if (parsed && !(*parsed == strict)) {
        mig::fuzz::Violation(__FILE__, __LINE__, "differs from nlohmann's reading",
                             mig::GoJsonEncode(*parsed), mig::GoJsonEncode(strict));
      }
    }
  }
  if (!parsed) {
    CheckErrorOffset(parsed.error(), size);
    return 0;
  }

  const std::string encoded = mig::GoJsonEncode(*parsed);
  auto again = mig::ParseGoJson(encoded);
  if (!again)
    mig::fuzz::Violation(__FILE__, __LINE__, "own encoding unreadable", encoded, again.error());
  MIG_FUZZ_CHECK_EQ(mig::GoJsonEncode(*again), encoded, "encoding is not a fixed point");

  const std::string indented = mig::IndentGoJson(encoded);
  auto from_indented = mig::ParseGoJson(indented);
  if (!from_indented) {
    mig::fuzz::Violation(__FILE__, __LINE__, "indented encoding unreadable", indented,
                         from_indented.error());
  }
  MIG_FUZZ_CHECK_EQ(mig::GoJsonEncode(*from_indented), encoded, "indentation changed the value");
  return 0;
}
