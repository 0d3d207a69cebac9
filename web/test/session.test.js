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
