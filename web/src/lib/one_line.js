// MIG's one-line signature form (the same rules as src/core/pgp/one_line.cpp):
// an armored detached signature with the BEGIN/END lines and armor headers
// removed and the remaining lines joined: base64 body, then "=" + CRC-24.

const BEGIN = "-----BEGIN PGP SIGNATURE-----";
const END = "-----END PGP SIGNATURE-----";

const trim = (s) => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");

// Armored "PGP SIGNATURE" block -> one line. Headers (Version:, Comment:)
// end at the first blank line or at the first line without ':'.
export function armorToOneLine(armored) {
  const begin = armored.indexOf(BEGIN);
  if (begin < 0) throw new Error(`no '${BEGIN}' line in the armor`);
  const end = armored.indexOf(END, begin);
  if (end < 0) throw new Error(`no '${END}' line in the armor`);
  let inner = armored.slice(begin + BEGIN.length, end);
  if (inner.startsWith("\r")) inner = inner.slice(1);
  if (inner.startsWith("\n")) inner = inner.slice(1);
  let out = "";
  let inHeaders = true;
  for (const raw of inner.split("\n")) {
    const line = trim(raw);
    if (inHeaders && (line === "" || !line.includes(":"))) inHeaders = false;
    if (!inHeaders) out += line;
  }
  if (out === "") throw new Error("the armor holds no signature data");
  return out;
}

// One line -> armor as MIG rebuilds it (body wrapped at 64 characters).
export function oneLineToArmor(oneLine) {
  const text = trim(oneLine);
  const last = text.lastIndexOf("=");
  if (last < 0) throw new Error("signature has no checksum line (no '=')");
  const body = text.slice(0, last);
  let out = BEGIN + "\n\n";
  for (let i = 0; i < body.length; i += 64) out += body.slice(i, i + 64) + "\n";
  return out + text.slice(last) + "\n" + END + "\n";
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function base64(bytes) {
  let out = "";
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[(v >> 18) & 63] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const v = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out += ALPHABET[(v >> 18) & 63] + ALPHABET[(v >> 12) & 63];
    out += rest === 2 ? ALPHABET[(v >> 6) & 63] : "=";
    out += "=";
  }
  return out;
}

// CRC-24 of RFC 4880 section 6.1.
export function crc24(bytes) {
  let crc = 0xb704ce;
  for (const b of bytes) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

// Binary signature packets -> one line (what EncodeOneLine writes).
export function encodeOneLine(packets) {
  const crc = crc24(packets);
  return base64(packets) + "=" + base64(Uint8Array.of(crc >> 16, (crc >> 8) & 0xff, crc & 0xff));
}
