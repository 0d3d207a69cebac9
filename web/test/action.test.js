import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as openpgp from "openpgp";
import { signingString, sign, appendSignature, signatureKeyIds, unixSeconds, formatTime } from "../src/lib/action.js";
import { oneLineToArmor } from "../src/lib/one_line.js";
import { KeySigner } from "../src/lib/signer.js";
import { examples, testKey } from "../test-support/helpers.js";

const MARKER = "--- signed string:";

function expected(name) {
  const text = readFileSync(join(examples, name + ".expected.txt"), "utf8");
  const at = text.indexOf(MARKER);
  const signed = text.slice(text.indexOf("\n", at) + 1);
  const fields = {};
  for (const line of text.slice(0, at).split("\n")) {
    const m = /^([a-z0-9_.]+): (.*)$/.exec(line);
    if (m) fields[m[1]] = m[2];
  }
  return { signed, fields };
}

const names = readdirSync(examples)
  .filter((f) => f.endsWith(".json") && f !== "acl.json")
  .map((f) => f.slice(0, -5));

test("there are MIG examples to check", () => assert.ok(names.length >= 8, names.join(",")));

for (const name of names) {
  test(`signing string of ${name} is MIG's, byte for byte`, () => {
    const action = JSON.parse(readFileSync(join(examples, name + ".json"), "utf8"));
    const { signed, fields } = expected(name);
    const mine = signingString(action);
    assert.equal(mine, signed);
    const bytes = new TextEncoder().encode(mine);
    assert.equal(bytes.length, Number(fields.signed_string_length));
    assert.equal(createHash("sha256").update(bytes).digest("hex"), fields.signed_string_sha256);
  });
}

const keyFiles = { alice: "alice.asc", bob: "bob.asc", carol: "carol.asc", mallory: "mallory.asc" };
async function keys() {
  const out = {};
  for (const [who, file] of Object.entries(keyFiles)) {
    out[who] = await openpgp.readKey({ armoredKey: readFileSync(join(examples, "keys", file), "utf8") });
  }
  return out;
}

async function verifyOneLine(text, oneLine, verificationKeys) {
  const signature = await openpgp.readSignature({ armoredSignature: oneLineToArmor(oneLine) });
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) });
  const { signatures } = await openpgp.verify({ message, signature, verificationKeys });
  await signatures[0].verified; // throws when it does not verify
  return signatures[0].keyID.toHex().toUpperCase();
}

for (const name of names) {
  test(`MIG's signatures on ${name} verify with OpenPGP.js as MIG said`, async () => {
    const all = await keys();
    const action = JSON.parse(readFileSync(join(examples, name + ".json"), "utf8"));
    const { fields } = expected(name);
    const text = signingString(action);
    const sigs = action.pgpsignatures;
    assert.ok(Array.isArray(sigs) && sigs.length > 0);
    const trusted = [all.alice, all.bob, all.carol];
    if (name === "tampered-operations") {
      // MIG: "hash tag doesn't match"; Alice's key signed the original.
      await assert.rejects(verifyOneLine(text, sigs[0], Object.values(all)), /digest did not match/);
      const original = JSON.parse(readFileSync(join(examples, "mig-shellshock_iocs.json"), "utf8"));
      await verifyOneLine(signingString(original), original.pgpsignatures[0], [all.alice]);
      return;
    }
    if (name === "mallory-single") {
      // MIG: "signature made by unknown entity"; it is Mallory's own.
      await assert.rejects(verifyOneLine(text, sigs[0], trusted));
      const keyId = await verifyOneLine(text, sigs[0], [all.mallory]);
      assert.ok("F547650D2554CF7DA14C05637B15A26C383814F5".endsWith(keyId));
      return;
    }
    // signers: "alice:FPR,bob:FPR" in signature order.
    const signers = fields.signers.split(",").map((s) => s.split(":"));
    assert.equal(signers.length, sigs.length);
    for (let i = 0; i < sigs.length; i++) {
      const [who, fpr] = signers[i];
      const keyId = await verifyOneLine(text, sigs[i], [all[who]]);
      assert.ok(fpr.endsWith(keyId), `${keyId} is not ${fpr}`);
      // And a signature never verifies against someone else's key.
      const other = Object.keys(all).find((k) => k !== who);
      await assert.rejects(verifyOneLine(text, sigs[i], [all[other]]));
    }
  });
}

test("changing any signed field changes the signing string", () => {
  const action = JSON.parse(readFileSync(join(examples, "mig-shellshock_iocs.json"), "utf8"));
  const base = signingString(action);
  const edits = [
    (a) => (a.name += "x"),
    (a) => (a.target += " "),
    (a) => (a.validfrom = "2025-03-03T03:03:04Z"),
    (a) => (a.expireafter = "2035-03-03T03:03:04Z"),
    (a) => (a.operations[0].module = "netstat"),
    (a) => (a.operations[0].parameters = { x: 1 }),
    (a) => (a.operations[0].want_compressed = true),
    (a) => (a.operations[0].is_compressed = true),
    (a) => (a.operations = null),
  ];
  for (const edit of edits) {
    const copy = structuredClone(action);
    edit(copy);
    assert.notEqual(signingString(copy), base, edit.toString());
  }
  // Fields outside the signed string do not count.
  const copy = structuredClone(action);
  copy.description = { author: "someone else" };
  copy.id = 99;
  assert.equal(signingString(copy), base);
});

test("times: RFC 3339 with offsets and fractions, bad times refused", () => {
  assert.equal(unixSeconds("1970-01-01T00:00:00Z"), 0);
  assert.equal(unixSeconds("1970-01-01T01:00:00+01:00"), 0);
  assert.equal(unixSeconds("1969-12-31T19:00:00.999999999-05:00"), 0);
  assert.equal(unixSeconds("0001-01-01T00:00:00Z"), -62135596800);
  assert.throws(() => unixSeconds("2025-03-03 03:03:03"), /RFC 3339/);
  assert.throws(() => unixSeconds(undefined), /RFC 3339/);
  assert.throws(() => signingString({ name: "x", validfrom: "yesterday" }), /RFC 3339/);
  assert.equal(formatTime(new Date(1740970983123)), "2025-03-03T03:03:03Z");
});

test("an action signed in the page verifies, and co-signatures add up", async () => {
  const a = await testKey("one");
  const b = await testKey("two");
  const sa = await KeySigner.fromArmored(a.privateKey, "one");
  const sb = await KeySigner.fromArmored(b.privateKey, "two");
  const action = JSON.parse(readFileSync(join(examples, "mig-example_v2.json"), "utf8"));
  const signed = await sign(action, sa);
  assert.equal(signed.pgpsignatures.length, 1);
  assert.notEqual(signed.pgpsignatures[0], action.pgpsignatures[0]);
  assert.equal(action.pgpsignatures.length, 2, "the original is left alone");
  const both = await appendSignature(signed, sb);
  assert.equal(both.pgpsignatures.length, 2);
  const text = signingString(both);
  const pubA = await openpgp.readKey({ armoredKey: a.publicKey });
  const pubB = await openpgp.readKey({ armoredKey: b.publicKey });
  await verifyOneLine(text, both.pgpsignatures[0], [pubA]);
  await verifyOneLine(text, both.pgpsignatures[1], [pubB]);
  await assert.rejects(verifyOneLine(text, both.pgpsignatures[1], [pubA]));
  // A signature does not carry over to an edited action.
  await assert.rejects(verifyOneLine(signingString({ ...both, target: "true" }), both.pgpsignatures[0], [pubA]));
});

test("signature issuers are read; signing twice with one key is refused", async () => {
  const action = JSON.parse(readFileSync(join(examples, "mig-example_v2.json"), "utf8"));
  // Alice then Bob (README: fingerprints ...5DAE3A312E024174 and ...EB31B4195D5279AB).
  assert.deepEqual(await signatureKeyIds(action), ["5DAE3A312E024174", "EB31B4195D5279AB"]);
  assert.deepEqual(await signatureKeyIds({ pgpsignatures: ["junk"] }), [null]);
  const a = await testKey("one");
  const sa = await KeySigner.fromArmored(a.privateKey, "one");
  const once = await appendSignature(action, sa);
  assert.equal(once.pgpsignatures.length, 3);
  await assert.rejects(appendSignature(once, sa), /already carries your signature/);
});
