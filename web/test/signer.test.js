import { test } from "node:test";
import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import { KeySigner } from "../src/lib/signer.js";
import { oneLineToArmor } from "../src/lib/one_line.js";
import { testKey } from "../test-support/helpers.js";

class MemoryStorage {
  constructor() {
    this.m = new Map();
  }
  getItem(k) {
    return this.m.has(k) ? this.m.get(k) : null;
  }
  setItem(k, v) {
    this.m.set(k, String(v));
  }
  removeItem(k) {
    this.m.delete(k);
  }
}

test("the right passphrase unlocks the key; fingerprint and user id", async () => {
  const k = await testKey("s3cret");
  const s = await KeySigner.fromArmored(k.privateKey, "s3cret");
  const pub = await openpgp.readKey({ armoredKey: k.publicKey });
  assert.equal(s.fingerprint, pub.getFingerprint().toUpperCase());
  assert.match(s.fingerprint, /^[0-9A-F]{40}$/);
  assert.equal(s.userId, "Test Investigator <test@example.net>");
  const line = await s.signDetachedOneLine("1;2026-12-03T10:00:00Z;7\n");
  const signature = await openpgp.readSignature({ armoredSignature: oneLineToArmor(line) });
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode("1;2026-12-03T10:00:00Z;7\n") });
  const { signatures } = await openpgp.verify({ message, signature, verificationKeys: pub });
  await signatures[0].verified;
  // A binary signature (type 0x00) as MIG makes: text mode would change \n.
  assert.equal(signature.packets[0].signatureType, openpgp.enums.signature.binary);
});

test("a wrong or missing passphrase, a public key, junk: clear errors", async () => {
  const k = await testKey("s3cret");
  await assert.rejects(KeySigner.fromArmored(k.privateKey, "wrong"), /wrong passphrase/);
  await assert.rejects(KeySigner.fromArmored(k.privateKey, ""), /protected by a passphrase/);
  await assert.rejects(KeySigner.fromArmored(k.publicKey, "s3cret"), /public key/);
  await assert.rejects(KeySigner.fromArmored("hello", "x"), /not an armored OpenPGP key/);
  await assert.rejects(
    KeySigner.fromArmored("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nAAAA\n-----END PGP PRIVATE KEY BLOCK-----\n", "x"),
    /cannot read the secret key/,
  );
});

test("the stored key is the armored key still encrypted, never decrypted material", async () => {
  const k = await testKey("s3cret");
  const s = await KeySigner.fromArmored(k.privateKey, "s3cret");
  const storage = new MemoryStorage();
  assert.equal(KeySigner.loadStored(storage), null);
  await s.storeEncrypted(storage);
  const stored = KeySigner.loadStored(storage);
  assert.equal(stored.armored, k.privateKey);
  assert.equal(stored.fingerprint, s.fingerprint);
  const back = await openpgp.readPrivateKey({ armoredKey: stored.armored });
  assert.equal(back.isDecrypted(), false);
  await assert.rejects(KeySigner.fromArmored(stored.armored, "nope"), /wrong passphrase/);
  const again = await KeySigner.fromArmored(stored.armored, "s3cret");
  assert.equal(again.fingerprint, s.fingerprint);
  KeySigner.forgetStored(storage);
  assert.equal(KeySigner.loadStored(storage), null);
  storage.setItem("mig-console.encrypted-key", "{junk");
  assert.equal(KeySigner.loadStored(storage), null);
});

test("a key without a passphrase is usable but never stored", async () => {
  const { privateKey } = await openpgp.generateKey({ type: "ecc", userIDs: [{ name: "Open" }], format: "armored" });
  const s = await KeySigner.fromArmored(privateKey, "");
  const storage = new MemoryStorage();
  await assert.rejects(s.storeEncrypted(storage), /never stored/);
  assert.equal(storage.m.size, 0);
});
