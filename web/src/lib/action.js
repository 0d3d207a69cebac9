// Actions: the string investigators sign, signing and co-signing.
//
// signingString(action) is byte for byte what src/core/signed_string.cpp
// (MIG's Action.String()) builds, and what agents verify:
//   name=<name>;target=<target>;validfrom=<unix>;expireafter=%!s(int64=<unix>);operations=<OPS>;
// OPS is Go's JSON of the operations (module, parameters, is_compressed and
// want_compressed when true). Name and target go in raw.
import * as openpgp from "openpgp";
import { goJson, goString } from "./gojson.js";
import { oneLineToArmor } from "./one_line.js";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

// RFC 3339 time -> whole Unix seconds (rounded down, as Go's Time.Unix()).
export function unixSeconds(text) {
  const m = RFC3339.exec(String(text ?? ""));
  if (!m) throw new Error(`not an RFC 3339 time: '${text}'`);
  const [, y, mo, d, h, mi, s, , zone] = m;
  // setUTCFullYear, not Date.UTC, which maps years 0-99 to 1900-1999.
  const t = new Date(0);
  t.setUTCFullYear(+y, +mo - 1, +d);
  t.setUTCHours(+h, +mi, +s, 0);
  let secs = Math.floor(t.getTime() / 1000);
  if (zone !== "Z" && zone !== "z") {
    const sign = zone[0] === "-" ? -1 : 1;
    secs -= sign * (+zone.slice(1, 3) * 3600 + +zone.slice(4, 6) * 60);
  }
  return secs;
}

// Date -> "2006-01-02T15:04:05Z" (whole seconds, UTC), as actions carry it.
export function formatTime(date) {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function signedOperations(action) {
  const ops = action.operations;
  if (ops === null || ops === undefined) return "null";
  if (!Array.isArray(ops)) throw new Error("operations must be an array");
  return (
    "[" +
    ops
      .map((op) => {
        let out = '{"module":' + goString(op?.module ?? "") + ',"parameters":' + goJson(op?.parameters);
        if (op?.is_compressed === true) out += ',"is_compressed":true';
        if (op?.want_compressed === true) out += ',"want_compressed":true';
        return out + "}";
      })
      .join(",") +
    "]"
  );
}

// What the signing string holds for a text field: the UTF-8 the server
// decodes (a lone surrogate becomes U+FFFD there too).
const wellFormed = (s) => String(s ?? "").replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

export function signingString(action) {
  return (
    "name=" + wellFormed(action.name) +
    ";target=" + wellFormed(action.target) +
    ";validfrom=" + unixSeconds(action.validfrom) +
    ";expireafter=%!s(int64=" + unixSeconds(action.expireafter) +
    ");operations=" + signedOperations(action) + ";"
  );
}

// A copy of action signed by signer alone (earlier signatures dropped).
export async function sign(action, signer) {
  const sig = await signer.signDetachedOneLine(signingString(action));
  return { ...action, pgpsignatures: [sig] };
}

// The issuer key ID (16 uppercase hex digits) of each of the action's
// signatures, null for one that cannot be read.
export async function signatureKeyIds(action) {
  const sigs = Array.isArray(action.pgpsignatures) ? action.pgpsignatures : [];
  return Promise.all(
    sigs.map(async (line) => {
      try {
        const sig = await openpgp.readSignature({ armoredSignature: oneLineToArmor(String(line)) });
        const ids = sig.getSigningKeyIDs();
        return ids.length ? ids[0].toHex().toUpperCase() : null;
      } catch {
        return null;
      }
    }),
  );
}

// A copy of action with signer's signature added to the ones it has. The
// API refuses two signatures by one investigator: refused here already.
export async function appendSignature(action, signer) {
  const mine = new Set(signer.keyIds || []);
  if ((await signatureKeyIds(action)).some((id) => id && mine.has(id))) {
    throw new Error("this action already carries your signature");
  }
  const sig = await signer.signDetachedOneLine(signingString(action));
  const before = Array.isArray(action.pgpsignatures) ? action.pgpsignatures : [];
  return { ...action, pgpsignatures: [...before, sig] };
}
