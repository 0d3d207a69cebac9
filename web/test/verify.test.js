import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { decodeOneLine, signatureIssuers, verifyOneLine } from "../src/actions/verify.js";

const data = new URL("../../tests/data/mig-examples/", import.meta.url);
const read = (name) => readFileSync(new URL(name, data), "utf8");
const keys = ["alice", "bob", "carol", "mallory"].map((k) => read(`keys/${k}.asc`));

// The exact signed string that expected.txt holds after its marker line.
function signedString(name) {
  const text = read(`${name}.expected.txt`);
  const marker = text.indexOf("\n", text.indexOf("--- signed string"));
  return text.slice(marker + 1);
}

test("MIG's Alice+Bob example verifies, each signer found", async () => {
  const action = JSON.parse(read("mig-example_v2.json"));
  const text = signedString("mig-example_v2");
  const got = [];
  for (const sig of action.pgpsignatures) got.push(await verifyOneLine(sig, text, keys));
  assert.deepEqual(got.map((g) => g.state), ["valid", "valid"]);
  assert.deepEqual(got.map((g) => g.fingerprint), ["CDB0BA443D7A104AD14FA2005DAE3A312E024174", "B8B2368E3519BDE15F3F27F7EB31B4195D5279AB"]);
});

test("a tampered action does not verify", async () => {
  const action = JSON.parse(read("tampered-operations.json"));
  const r = await verifyOneLine(action.pgpsignatures[0], signedString("tampered-operations"), keys);
  assert.equal(r.state, "invalid");
  assert.equal(r.fingerprint, "CDB0BA443D7A104AD14FA2005DAE3A312E024174");
});

test("a signer whose key we lack is unknown", async () => {
  const action = JSON.parse(read("mig-example_v2.json"));
  const r = await verifyOneLine(action.pgpsignatures[0], signedString("mig-example_v2"), keys.slice(1));
  assert.equal(r.state, "unknown");
  assert.match(r.keyId, /^[0-9A-F]{16}$/);
  assert.deepEqual(await signatureIssuers(action.pgpsignatures[0]), [r.keyId]);
});

test("malformed one-line signatures are refused, not thrown", async () => {
  assert.throws(() => decodeOneLine("abcd"), /no checksum/);
  assert.throws(() => decodeOneLine("ab$d=xxxx"), /not base64/);
  assert.throws(() => decodeOneLine("abcde=xxxx"), /truncated/);
  for (const bad of ["", "abcd", "AAAA=AAAA", "<script>=x"]) {
    const r = await verifyOneLine(bad, "text", keys);
    assert.equal(r.state, "invalid", bad);
  }
});
