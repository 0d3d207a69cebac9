// The investigator's signing key, in the page only. The decrypted key lives
// in this object's memory; the server never receives it. When the user asks,
// storeEncrypted() keeps the armored key exactly as it was loaded (still
// encrypted with the user's passphrase) in localStorage, so a later visit
// asks for the passphrase only. A key without a passphrase is never stored.
import * as openpgp from "openpgp";
import { armorToOneLine } from "./one_line.js";

const STORAGE_KEY = "mig-console.encrypted-key";

const utf8 = new TextEncoder();

export class KeySigner {
  #key;
  #armored;

  constructor(key, armored) {
    this.#key = key;
    this.#armored = armored;
    this.fingerprint = key.getFingerprint().toUpperCase();
    // The primary key's and subkeys' IDs (16 hex digits): a signature's
    // issuer is one of them.
    this.keyIds = key.getKeyIDs().map((id) => id.toHex().toUpperCase());
    const ids = key.getUserIDs();
    this.userId = ids.length ? ids[0] : "";
  }

  // Reads an armored secret key and unlocks it. Errors say what is wrong:
  // not a key, a public key, or a wrong passphrase.
  static async fromArmored(text, passphrase) {
    if (typeof text !== "string" || !text.includes("-----BEGIN PGP")) {
      throw new Error("this file is not an armored OpenPGP key (expected '-----BEGIN PGP PRIVATE KEY BLOCK-----')");
    }
    if (text.includes("-----BEGIN PGP PUBLIC KEY BLOCK-----") && !text.includes("PRIVATE KEY BLOCK")) {
      throw new Error("this is a public key: sign-in needs the secret key (gpg --export-secret-keys --armor)");
    }
    let key;
    try {
      key = await openpgp.readPrivateKey({ armoredKey: text });
    } catch (e) {
      throw new Error("cannot read the secret key: " + (e?.message || e));
    }
    if (!key.isDecrypted()) {
      if (!passphrase) throw new Error("this key is protected by a passphrase: enter it");
      try {
        key = await openpgp.decryptKey({ privateKey: key, passphrase });
      } catch (e) {
        const msg = String(e?.message || e);
        if (/incorrect key passphrase|passphrase/i.test(msg)) throw new Error("wrong passphrase for this key");
        throw new Error("cannot unlock the key: " + msg);
      }
    }
    // Fail now, not at the first request, when the key cannot sign.
    try {
      await key.getSigningKey();
    } catch (e) {
      throw new Error("this key cannot sign: " + (e?.message || e));
    }
    return new KeySigner(key, text);
  }

  // A detached signature of text's UTF-8 bytes (binary signature, as MIG
  // makes them), in MIG's one-line form.
  async signDetachedOneLine(text) {
    const message = await openpgp.createMessage({ binary: utf8.encode(text) });
    const armored = await openpgp.sign({ message, signingKeys: this.#key, detached: true, format: "armored" });
    return armorToOneLine(armored);
  }

  // Whether the loaded armored key is protected by a passphrase.
  async isProtected() {
    const key = await openpgp.readPrivateKey({ armoredKey: this.#armored });
    return !key.isDecrypted();
  }

  // Keeps the armored, still encrypted key in this browser.
  async storeEncrypted(storage = globalThis.localStorage) {
    if (!(await this.isProtected())) {
      throw new Error("a key without a passphrase is never stored in the browser");
    }
    storage.setItem(STORAGE_KEY, JSON.stringify({ fingerprint: this.fingerprint, userId: this.userId, armored: this.#armored }));
  }

  // {fingerprint, userId, armored} of the stored encrypted key, or null.
  static loadStored(storage = globalThis.localStorage) {
    try {
      const text = storage?.getItem(STORAGE_KEY);
      if (!text) return null;
      const v = JSON.parse(text);
      if (typeof v?.armored !== "string") return null;
      return v;
    } catch {
      return null;
    }
  }

  static forgetStored(storage = globalThis.localStorage) {
    storage?.removeItem(STORAGE_KEY);
  }

  loadStored(storage) {
    return KeySigner.loadStored(storage);
  }
}
