import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { weighAction, normalizeAcl, tally, weighLine } from "../src/actions/weigh.js";

const data = new URL("../../tests/data/mig-examples/", import.meta.url);
const acl = normalizeAcl(readFileSync(new URL("acl.json", data), "utf8"));
const ALICE = "CDB0BA443D7A104AD14FA2005DAE3A312E024174";
const BOB = "B8B2368E3519BDE15F3F27F7EB31B4195D5279AB";
const CAROL = "A0D3E7265686423E20A19A5D0A53AFB5E1589CD1";

test("MIG's example ACL: Alice+Bob have enough for file, netstat and default", () => {
  const action = JSON.parse(readFileSync(new URL("mig-example_v2.json", data), "utf8"));
  const w = weighAction(action, [ALICE, BOB], acl, () => false);
  assert.deepEqual(w.map((o) => [o.module, o.entry, o.weight, o.minimum, o.missing]), [
    ["file", "file", 3, 2, 0],
    ["netstat", "netstat", 2, 1, 0],
    ["agentdestroy", "default", 3, 3, 0],
  ]);
});

test("weight missing per operation", () => {
  const action = { validfrom: "2026-01-01T00:00:00Z", expireafter: "2026-01-01T00:10:00Z", operations: [{ module: "file" }, { module: "memory" }] };
  const w = weighAction(action, [CAROL.toLowerCase()], acl, () => false);
  assert.equal(w[0].missing, 1);
  assert.equal(w[1].entry, "default");
  assert.equal(w[1].missing, 2);
  assert.match(weighLine(w[0]), /operation 1 \(file, investigate\): 1 valid signature, weight 1 of 2 needed \(ACL entry file\), lacks 1/);
});

test("respond modules never fall back to default", () => {
  const action = { validfrom: "2026-01-01T00:00:00Z", expireafter: "2026-01-01T05:00:00Z", operations: [{ module: "agentdestroy" }] };
  const w = weighAction(action, [ALICE], acl, (m) => m === "agentdestroy");
  assert.match(w[0].error, /no ACL entry found for respond module agentdestroy/);
  assert.match(w[0].note, /maxvalidity/);
  const withRespond = normalizeAcl({ respond: { MinimumWeight: 2, Investigators: { A: { Fingerprint: ALICE, Weight: 1 } } } });
  const w2 = weighAction({ ...action, expireafter: "2026-01-01T00:30:00Z" }, [ALICE], withRespond, () => true);
  assert.equal(w2[0].entry, "respond");
  assert.equal(w2[0].missing, 1);
  assert.equal(w2[0].note, undefined);
});

test("errors as MIG says them", () => {
  assert.match(tally(acl, "file", [ALICE, ALICE.toLowerCase()], false).error, /used to sign multiple times/);
  assert.match(tally(normalizeAcl({ x: { minimumweight: 0 } }), "x", [], false).error, /invalid ACL x, weight must be > 0/);
  assert.match(tally(normalizeAcl({}), "file", [], false).error, /no ACL entry found for file, and no default present/);
  // Inherited object keys are not ACL entries.
  assert.match(tally(normalizeAcl({}), "constructor", [], false).error, /no ACL entry/);
  assert.throws(() => normalizeAcl("[]"), /not an object/);
});

test("without an ACL only signatures are counted", () => {
  const w = weighAction({ operations: [{ module: "file" }] }, [ALICE], null, () => false);
  assert.equal(w[0].missing, undefined);
  assert.equal(weighLine(w[0]), "operation 1 (file, investigate): 1 valid signature");
});
