// The first fields of an OpenPGP signature packet (RFC 4880 5.2), read
// before librnp so that an unsupported algorithm or version is reported as
// such rather than as garbage.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace mig::pgp {

struct SignatureHeader {
  int version = 0;     // 3 or 4 are supported
  int type = 0;        // 0x00 binary document, 0x01 canonical text
  int public_key = 0;  // 1 RSA, 17 DSA, 19 ECDSA, 22 EdDSA
  int hash = 0;        // 2 SHA-1, 8 SHA-256, ...
};

// Reads the header of the first packet. Errors when the bytes do not start
// with a complete signature packet header.
Result<SignatureHeader> ReadSignatureHeader(std::string_view packets);

// Empty when supported; otherwise what is not ("public key algorithm 99").
std::string UnsupportedPart(const SignatureHeader& header);

}  // namespace mig::pgp
