import { test } from "node:test";
import assert from "node:assert/strict";
import { isAdmin, current, signInWithApiKey, signOut, onChange } from "../src/lib/session.js";
import { cj, json } from "../test-support/helpers.js";

test("isAdmin needs the whole administration set", () => {
  assert.equal(isAdmin({ permissions: ["investigator", "investigator_create", "investigator_update"] }), true);
  assert.equal(isAdmin({ permissions: ["search", "action", "investigator"] }), false);
  assert.equal(isAdmin({}), false);
  assert.equal(isAdmin(null), false);
});

test("sign-in asks /me; a refusal leaves no session; sign-out clears it", async (t) => {
  const real = globalThis.fetch;
  t.after(() => (globalThis.fetch = real));
  const seen = [];
  onChange((s) => seen.push(s));
  globalThis.fetch = async (url, init) => {
    if (init.headers["X-MIGAPIKEY"] !== "good") return json(401, cj([], { code: "1", message: "authorization refused" }));
    return json(200, cj([{ investigator: { id: 2, name: "Reader", status: "active", permissions: ["search", "agent"] }, auth: "apikey" }]));
  };
  await assert.rejects(signInWithApiKey("bad"), /authorization refused/);
  assert.equal(current(), null);
  await assert.rejects(signInWithApiKey("  "), /enter an API key/);
  const s = await signInWithApiKey("good");
  assert.equal(current(), s);
  assert.equal(s.me.name, "Reader");
  assert.equal(s.signer, null);
  assert.equal(s.isAdmin, false);
  assert.equal(s.auth, "apikey");
  signOut();
  assert.equal(current(), null);
  assert.deepEqual(seen.map((x) => (x ? "in" : "out")), ["in", "out"]);
});

test("a disabled investigator is not signed in", async (t) => {
  const real = globalThis.fetch;
  t.after(() => (globalThis.fetch = real));
  globalThis.fetch = async () => json(200, cj([{ investigator: { id: 3, name: "Old", status: "disabled", permissions: [] } }]));
  await assert.rejects(signInWithApiKey("k"), /disabled/);
  assert.equal(current(), null);
});

test("an API without /me is named as such", async (t) => {
  const real = globalThis.fetch;
  t.after(() => (globalThis.fetch = real));
  globalThis.fetch = async () => json(404, cj([], { code: "1", message: "no route" }));
  await assert.rejects(signInWithApiKey("k"), /does not answer GET \/me/);
});

test("key sign-in: /me with a token; remember stores the encrypted key; a key without passphrase is not remembered", async (t) => {
  const { signInWithKey } = await import("../src/lib/session.js");
  const { testKey } = await import("../test-support/helpers.js");
  const openpgp = await import("openpgp");
  const real = globalThis.fetch;
  const store = new Map();
  globalThis.localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) };
  t.after(() => {
    globalThis.fetch = real;
    delete globalThis.localStorage;
    signOut();
  });
  const calls = [];
  globalThis.fetch = async (url, init) => {
    calls.push([url, init.headers]);
    return json(200, cj([{ investigator: { id: 1, name: "Admin", status: "active", permissions: ["investigator", "investigator_create", "investigator_update"] }, auth: "pgp" }]));
  };
  const k = await testKey("pw");
  const s = await signInWithKey(k.privateKey, "pw", { remember: true, base: "/api/v1" });
  assert.equal(s.isAdmin, true);
  assert.equal(calls[0][0], "/api/v1/me");
  assert.match(calls[0][1]["X-PGPAUTHORIZATION"], /^1;.+;\d+;.+=.{4}$/);
  assert.equal(JSON.parse(store.get("mig-console.encrypted-key")).armored, k.privateKey);
  signOut();
  store.clear();
  calls.length = 0;
  const open = (await openpgp.generateKey({ type: "ecc", userIDs: [{ name: "Open" }], format: "armored" })).privateKey;
  await assert.rejects(signInWithKey(open, "", { remember: true }), /no passphrase/);
  assert.equal(calls.length, 0, "refused before any request");
  assert.equal(store.size, 0);
  assert.equal(current(), null);
});
