#include "core/pgp/one_line.h"

#include <array>
#include <cstdint>

namespace mig::pgp {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kBegin = "-----BEGIN PGP SIGNATURE-----";
constexpr std::string_view kEnd = "-----END PGP SIGNATURE-----";

std::string Base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16 | static_cast<uint8_t>(bytes[i + 1]) << 8 |
                 static_cast<uint8_t>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6)
      out += kAlphabet[(v >> shift) & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Decodes base64 that may lack its '=' padding (MIG's reader tolerates that).
Result<std::string> UnBase64(std::string_view text) {
  while (!text.empty() && text.back() == '=')
    text.remove_suffix(1);
  if (text.size() % 4 == 1) {
    return Result<std::string>::Error("signature is truncated: its base64 body has " +
                                      std::to_string(text.size()) + " characters");
  }
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const size_t pos = kAlphabet.find(c);
    if (pos == std::string_view::npos) {
      return Result<std::string>::Error(
          std::string("signature is not base64: unexpected character '") + c + "'");
    }
    acc = (acc << 6) | static_cast<uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

// CRC-24 of RFC 4880 section 6.1.
uint32_t Crc24(std::string_view bytes) {
  uint32_t crc = 0xB704CE;
  for (char c : bytes) {
    crc ^= static_cast<uint32_t>(static_cast<uint8_t>(c)) << 16;
    for (int i = 0; i < 8; ++i) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864CFB;
    }
  }
  return crc & 0xFFFFFF;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back()))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::string EncodeOneLine(std::string_view packets) {
  const uint32_t crc = Crc24(packets);
  const std::string crc_bytes{static_cast<char>(crc >> 16), static_cast<char>((crc >> 8) & 0xff),
                              static_cast<char>(crc & 0xff)};
  return Base64(packets) + "=" + Base64(crc_bytes);
}

Result<std::string> DecodeOneLine(std::string_view one_line) {
  one_line = Trim(one_line);
  if (one_line.empty()) return Result<std::string>::Error("signature is empty");
  const size_t last = one_line.rfind('=');
  if (last == std::string_view::npos) {
    return Result<std::string>::Error(
        "signature has no checksum line: a one-line signature ends with '=' and a CRC-24 "
        "(e.g. ...aZY==gvMa); it was probably cut short");
  }
  auto body = UnBase64(one_line.substr(0, last));
  if (!body) return body;
  if (body->empty()) return Result<std::string>::Error("signature body is empty");
  return body;
}

Result<std::string> ArmorToOneLine(std::string_view armored) {
  const size_t begin = armored.find(kBegin);
  if (begin == std::string_view::npos) {
    return Result<std::string>::Error("no '" + std::string(kBegin) + "' line in the armor");
  }
  const size_t end = armored.find(kEnd, begin);
  if (end == std::string_view::npos) {
    return Result<std::string>::Error("no '" + std::string(kEnd) + "' line in the armor");
  }
  std::string_view inner = armored.substr(begin + kBegin.size(), end - begin - kBegin.size());
  // Armor headers (Version:, Comment:) end at the first blank line.
  std::string_view lines = inner;
  if (!lines.empty() && lines.front() == '\r') lines.remove_prefix(1);
  if (!lines.empty() && lines.front() == '\n') lines.remove_prefix(1);
  std::string out;
  bool in_headers = true;
  while (!lines.empty()) {
    const size_t nl = lines.find('\n');
    std::string_view line = Trim(lines.substr(0, nl));
    lines.remove_prefix(nl == std::string_view::npos ? lines.size() : nl + 1);
    // A line without ':' ends headers too: some writers omit the blank line.
    if (in_headers && (line.empty() || line.find(':') == std::string_view::npos)) {
      in_headers = false;
    }
    if (!in_headers) out += line;
  }
  if (out.empty()) return Result<std::string>::Error("the armor holds no signature data");
  return out;
}

Result<std::string> OneLineToArmor(std::string_view one_line) {
  one_line = Trim(one_line);
  const size_t last = one_line.rfind('=');
  if (last == std::string_view::npos) {
    return Result<std::string>::Error("signature has no checksum line (no '=')");
  }
  const std::string_view body = one_line.substr(0, last);
  std::string out = std::string(kBegin) + "\n\n";
  for (size_t i = 0; i < body.size(); i += 64) {
    out += body.substr(i, 64);
    out += '\n';
  }
  out += one_line.substr(last);
  out += '\n';
  out += kEnd;
  out += '\n';
  return out;
}

}  // namespace mig::pgp
