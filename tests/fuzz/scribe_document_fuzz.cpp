// scribe policy documents (modules/scribe/document_file.h, document.h):
// what `mig scribe -path` reads (JSON or YAML) and what the agent decodes
// and validates before anything runs; and the EVR comparison applied to
// versions taken from the input.
//
// Properties, for any input:
// * reading, decoding and validating never crash, throw or hang;
// * a decoded document written back (DocumentToJson) decodes to a document
//   that is written the same way (the encoding is a fixed point);
// * CompareEvr is antisymmetric: swapping the sides negates the answer,
//   and a version compares equal to itself (when it parses).
#include <string>

#include "fuzz_support.h"
#include "modules/scribe/document.h"
#include "modules/scribe/document_file.h"
#include "modules/scribe/evr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mig::modules::scribe;
  const std::string_view text = mig::fuzz::AsText(data, size);

  auto json = ParseDocumentText(text);
  if (json) {
    auto doc = DecodeDocument(*json);
    if (doc) {
      (void)ValidateDocument(*doc);
      const std::string once = DocumentToJson(*doc).dump();
      auto again = DecodeDocument(mig::Json::parse(once));
      MIG_FUZZ_CHECK(again.ok(), "a written document does not decode");
      MIG_FUZZ_CHECK_EQ(DocumentToJson(*again).dump(), once,
                        "document encoding is not a fixed point");
    }
  }

  std::string_view rest = text;
  const std::string a(mig::fuzz::TakeField(rest, '\n'));
  const std::string b(mig::fuzz::TakeField(rest, '\n'));
  auto ab = CompareEvr(a, b), ba = CompareEvr(b, a);
  MIG_FUZZ_CHECK(ab.ok() == ba.ok(), "CompareEvr fails one way only");
  if (ab.ok()) MIG_FUZZ_CHECK(*ab == -*ba, "CompareEvr is not antisymmetric");
  if (auto self = CompareEvr(a, a); self.ok())
    MIG_FUZZ_CHECK(*self == 0, "a version differs from itself");
  return 0;
}
