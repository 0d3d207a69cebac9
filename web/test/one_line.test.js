import { test } from "node:test";
import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import { armorToOneLine, oneLineToArmor, encodeOneLine, crc24 } from "../src/lib/one_line.js";
import { testKey } from "../test-support/helpers.js";

test("CRC-24 of RFC 4880", () => {
  assert.equal(crc24(new Uint8Array()), 0xb704ce);
  assert.equal(crc24(new TextEncoder().encode("123456789")), 0x21cf02);
});

test("armor -> one line drops headers and joins lines; encodeOneLine agrees", async () => {
  const { privateKey, passphrase } = await testKey();
  const key = await openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: privateKey }), passphrase });
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode("1;2026-01-01T00:00:00Z;42\n") });
  const binary = await openpgp.sign({ message, signingKeys: key, detached: true, format: "binary" });
  const sig = await openpgp.readSignature({ binarySignature: binary });
  const armored = sig.armor();
  const line = armorToOneLine(armored);
  assert.equal(line, encodeOneLine(binary));
  assert.ok(!/[\s-]/.test(line), line);
  const withHeaders = armored.replace("-----\n\n", "-----\nVersion: X 1\nComment: a: b\n\n");
  assert.equal(armorToOneLine(withHeaders), line);
  // Some writers omit the blank line after the headers.
  assert.equal(armorToOneLine(armored.replace("-----\n\n", "-----\nComment: c\n")), line);
  assert.equal(armorToOneLine(armored.replace(/\n/g, "\r\n")), line);
  // And back: the armor MIG rebuilds reads as the same signature.
  const again = await openpgp.readSignature({ armoredSignature: oneLineToArmor(line) });
  assert.deepEqual(again.write(), sig.write());
});

test("malformed armor is refused with a reason", () => {
  assert.throws(() => armorToOneLine("nothing"), /BEGIN PGP SIGNATURE/);
  assert.throws(() => armorToOneLine("-----BEGIN PGP SIGNATURE-----\nabc\n"), /END PGP SIGNATURE/);
  assert.throws(() => armorToOneLine("-----BEGIN PGP SIGNATURE-----\n\n-----END PGP SIGNATURE-----"), /no signature data/);
  assert.throws(() => oneLineToArmor("abcd"), /checksum/);
});
