#include "core/pgp/signature_packet.h"

#include <string>

namespace mig::pgp {

Result<SignatureHeader> ReadSignatureHeader(std::string_view p) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(p[i]); };
  if (p.empty()) return Result<SignatureHeader>::Error("signature is empty");
  const uint8_t tag = byte(0);
  size_t pos = 1;
  if (tag == 0xc2) {  // new format, tag 2
    if (p.size() < 2) return Result<SignatureHeader>::Error("signature is truncated");
    const uint8_t first = byte(1);
    pos += first < 192 ? 1 : first < 224 ? 2 : 5;
  } else if ((tag & 0xfc) == 0x88) {  // old format, tag 2
    pos += (tag & 3) == 3 ? 0 : 1u << (tag & 3);
  } else {
    return Result<SignatureHeader>::Error("not an OpenPGP signature packet");
  }
  if (p.size() < pos + 7) return Result<SignatureHeader>::Error("signature is truncated");
  SignatureHeader h;
  h.version = byte(pos);
  if (h.version == 3) {
    // version, length of hashed material (5), type, time (4), key ID (8), algorithms
    if (p.size() < pos + 17) return Result<SignatureHeader>::Error("signature is truncated");
    h.type = byte(pos + 2);
    h.public_key = byte(pos + 15);
    h.hash = byte(pos + 16);
  } else {
    h.type = byte(pos + 1);
    h.public_key = byte(pos + 2);
    h.hash = byte(pos + 3);
  }
  return h;
}

std::string UnsupportedPart(const SignatureHeader& h) {
  if (h.version != 3 && h.version != 4) {
    return "signature packet version " + std::to_string(h.version);
  }
  if (h.type != 0x00 && h.type != 0x01) {
    return "signature type " + std::to_string(h.type) + " (expected a document signature)";
  }
  switch (h.public_key) {
    case 1:
    case 3:
    case 17:
    case 19:
    case 22:
      break;
    default:
      return "public key algorithm " + std::to_string(h.public_key);
  }
  switch (h.hash) {
    case 1:
    case 2:
    case 8:
    case 9:
    case 10:
    case 11:
      break;
    default:
      return "hash algorithm " + std::to_string(h.hash);
  }
  return "";
}

}  // namespace mig::pgp
