// MIG's one-line signature encoding (protocol.md 3.4): an ASCII-armored
// detached signature with the armor lines removed and the newlines deleted,
// i.e. the base64 body immediately followed by the "=XXXX" checksum line.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace mig::pgp {

// Binary OpenPGP packets -> one-line form (base64 body + "=" + CRC-24).
std::string EncodeOneLine(std::string_view packets);

// One-line form -> binary packets, read the way MIG reads it: everything
// before the last '=' is the body, the rest the checksum line. Like MIG, the
// checksum's value is not checked and a body whose '=' padding was taken as
// the checksum still decodes. Errors: no '=' at all (missing checksum line),
// characters outside base64, a body that cannot be base64 (truncated).
Result<std::string> DecodeOneLine(std::string_view one_line);

// An armored "PGP SIGNATURE" block -> one-line form (header lines skipped).
Result<std::string> ArmorToOneLine(std::string_view armored);

// One-line form -> armor exactly as MIG rebuilds it: body re-wrapped at 64
// characters, the checksum line, BEGIN/END PGP SIGNATURE lines.
Result<std::string> OneLineToArmor(std::string_view one_line);

}  // namespace mig::pgp
