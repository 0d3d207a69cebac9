// MIG's signature encodings (core/pgp/one_line.h), the signature packet
// header read before librnp sees a signature (core/pgp/signature_packet.h),
// and the base64 of investigators' public keys (core/base64.h). librnp's own
// packet parsing is not fuzzed here.
//
// Properties, for any input:
// * a one-line signature that decodes, re-encoded with EncodeOneLine,
//   decodes to the same packets; any bytes encoded decode to themselves;
// * an armor whose one-line form is made of base64 characters comes back
//   to that one-line form through OneLineToArmor and ArmorToOneLine, and so
//   does EncodeOneLine's output;
// * ReadSignatureHeader reads any bytes without reading past them;
// * Base64Decode(Base64Encode(x)) == x, and what Base64Decode accepts
//   re-encodes to text that decodes the same.
#include <string>

#include "core/base64.h"
#include "core/pgp/one_line.h"
#include "core/pgp/signature_packet.h"
#include "fuzz_support.h"

namespace {

bool IsBase64Text(std::string_view s) {
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/' || c == '=';
    if (!ok) return false;
  }
  return true;
}

void CheckArmorRoundTrip(const std::string& one_line) {
  auto armor = mig::pgp::OneLineToArmor(one_line);
  if (!armor) {
    MIG_FUZZ_CHECK(one_line.find('=') == std::string::npos, "armoring refused a '=' signature");
    return;
  }
  auto back = mig::pgp::ArmorToOneLine(*armor);
  if (!back) mig::fuzz::Violation(__FILE__, __LINE__, "own armor unreadable", *armor, back.error());
  MIG_FUZZ_CHECK_EQ(*back, one_line, "armor round trip changed the signature");
}

void CheckPackets(std::string_view packets) {
  if (auto header = mig::pgp::ReadSignatureHeader(packets)) {
    (void)mig::pgp::UnsupportedPart(*header);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = mig::fuzz::AsText(data, size);
  CheckPackets(text);

  if (auto packets = mig::pgp::DecodeOneLine(text)) {
    MIG_FUZZ_CHECK(!packets->empty(), "decoded an empty signature");
    CheckPackets(*packets);
    auto again = mig::pgp::DecodeOneLine(mig::pgp::EncodeOneLine(*packets));
    MIG_FUZZ_CHECK(again.ok(), "re-encoded signature unreadable");
    MIG_FUZZ_CHECK_EQ(*again, *packets, "one-line round trip changed the packets");
  }
  if (!text.empty()) {
    const std::string one_line = mig::pgp::EncodeOneLine(text);
    auto decoded = mig::pgp::DecodeOneLine(one_line);
    if (!decoded) {
      mig::fuzz::Violation(__FILE__, __LINE__, "own one-line form unreadable", one_line,
                           decoded.error());
    }
    MIG_FUZZ_CHECK_EQ(*decoded, text, "EncodeOneLine then DecodeOneLine changed the bytes");
    CheckArmorRoundTrip(one_line);
  }
  if (auto one_line = mig::pgp::ArmorToOneLine(text)) {
    if (IsBase64Text(*one_line)) CheckArmorRoundTrip(*one_line);
    if (auto packets = mig::pgp::DecodeOneLine(*one_line)) CheckPackets(*packets);
  }

  const std::string b64 = mig::Base64Encode(text);
  auto raw = mig::Base64Decode(b64);
  MIG_FUZZ_CHECK(raw.ok(), "own base64 unreadable");
  MIG_FUZZ_CHECK_EQ(*raw, text, "base64 round trip changed the bytes");
  if (auto decoded = mig::Base64Decode(text)) {
    auto again = mig::Base64Decode(mig::Base64Encode(*decoded));
    MIG_FUZZ_CHECK(again.ok(), "re-encoded base64 unreadable");
    MIG_FUZZ_CHECK_EQ(*again, *decoded, "base64 re-encoding changed the bytes");
  }
  return 0;
}
