// Checks an action's signatures in the browser: each one-line signature
// (protocol.md 3.4) is decoded as MIG decodes it, its issuer looked up among
// the investigators' keys, and verified over the action's signing string.
import * as openpgp from "openpgp";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// One-line form -> signature packet bytes: everything before the last "="
// is the base64 body (its padding may have been taken as the checksum).
export function decodeOneLine(oneLine) {
  const s = String(oneLine);
  const cut = s.lastIndexOf("=");
  if (cut < 0) throw new Error("signature has no checksum line");
  const body = s.slice(0, cut).replace(/=+$/, "");
  if (body.length % 4 === 1) throw new Error("signature is truncated");
  const out = new Uint8Array(Math.floor((body.length * 6) / 8));
  let acc = 0, bits = 0, n = 0;
  for (const c of body) {
    const v = B64.indexOf(c);
    if (v < 0) throw new Error(`signature is not base64: unexpected character '${c}'`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

// The key IDs (16 hex digits, upper case) a signature names as its issuer.
export async function signatureIssuers(oneLine) {
  const sig = await openpgp.readSignature({ binarySignature: decodeOneLine(oneLine) });
  return Array.from(sig.getSigningKeyIDs()).map((id) => id.toHex().toUpperCase());
}

// Verifies one signature over text with the armored public keys offered.
// -> { state: "valid"|"invalid"|"unknown", fingerprint, keyId, error }
export async function verifyOneLine(oneLine, text, armoredKeys) {
  let sig, issuers;
  try {
    sig = await openpgp.readSignature({ binarySignature: decodeOneLine(oneLine) });
    issuers = Array.from(sig.getSigningKeyIDs()).map((id) => id.toHex().toUpperCase());
  } catch (e) {
    return { state: "invalid", fingerprint: "", keyId: "", error: `unreadable signature: ${e.message}` };
  }
  const keyId = issuers[0] || "";
  for (const armored of armoredKeys) {
    let key;
    try {
      key = await openpgp.readKey({ armoredKey: armored });
    } catch {
      continue;
    }
    const ids = key.getKeyIDs().map((id) => id.toHex().toUpperCase());
    if (!ids.some((id) => issuers.includes(id))) continue;
    const fingerprint = key.getFingerprint().toUpperCase();
    try {
      const result = await openpgp.verify({
        message: await openpgp.createMessage({ binary: new TextEncoder().encode(text) }),
        signature: sig,
        verificationKeys: key,
        expectSigned: true,
      });
      await result.signatures[0].verified;
      return { state: "valid", fingerprint, keyId, error: "" };
    } catch (e) {
      return { state: "invalid", fingerprint, keyId, error: e.message };
    }
  }
  return { state: "unknown", fingerprint: "", keyId, error: `no investigator's key has ID ${keyId || "(none)"}` };
}
