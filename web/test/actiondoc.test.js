import { test } from "node:test";
import assert from "node:assert/strict";
import { newAction, relaunchAction, parseActionFile, describeAction, actionFileName, validitySeconds, rfc3339 } from "../src/actions/actiondoc.js";
import { Templates } from "../src/actions/templates.js";

const now = new Date("2026-12-03T10:00:00.750Z");

test("a new action: window from a minute ago, whole seconds, syntax 2", () => {
  const a = newAction({ name: "n", target: "status='online'", module: "file", parameters: { searches: {} }, expirySeconds: 300, now });
  assert.equal(a.validfrom, "2026-12-03T09:59:00Z");
  assert.equal(a.expireafter, "2026-12-03T10:05:00Z");
  assert.deepEqual(a.operations, [{ module: "file", parameters: { searches: {} } }]);
  assert.equal(a.syntaxversion, 2);
  assert.equal(a.pgpsignatures, null);
  assert.equal(validitySeconds(a), 360);
});

test("relaunch keeps what was signed but the window and drops the platform's fields", () => {
  const old = {
    id: 42, status: "completed", counters: { done: 3 }, investigators: [{ id: 1 }],
    name: "find", target: "id=1", validfrom: "2026-01-01T00:00:00Z", expireafter: "2026-01-01T00:06:00Z",
    operations: [{ module: "file", parameters: "H4s", is_compressed: true, want_compressed: true, junk: 1 }],
    pgpsignatures: ["sig=abcd"], syntaxversion: 2,
  };
  const r = relaunchAction(old, { target: "id=2", now });
  assert.equal(r.target, "id=2");
  assert.equal(r.name, "find");
  assert.equal(r.pgpsignatures, null);
  assert.equal(r.id, undefined);
  assert.equal(r.status, undefined);
  assert.deepEqual(r.operations, [{ module: "file", parameters: "H4s", is_compressed: true, want_compressed: true }]);
  assert.equal(validitySeconds(r), 360);
  assert.equal(relaunchAction(old, { now }).target, "id=1");
  assert.equal(validitySeconds(relaunchAction(old, { now, expirySeconds: 60 })), 120);
});

test("action files: good ones pass, bad ones say why", () => {
  const good = JSON.stringify(newAction({ name: "n", target: "t", module: "file", parameters: {}, expirySeconds: 60, now }));
  assert.equal(parseActionFile(good).name, "n");
  assert.throws(() => parseActionFile("{"), /not JSON/);
  assert.throws(() => parseActionFile("[]"), /expected a JSON object/);
  assert.throws(() => parseActionFile("null"), /expected a JSON object/);
  assert.throws(() => parseActionFile('{"name":"","target":"t"}'), /name is missing.*validfrom.*operations/);
  assert.throws(() => parseActionFile(good.replace('"syntaxversion":2', '"syntaxversion":3')), /syntaxversion/);
  assert.throws(() => parseActionFile(good.replace('"pgpsignatures":null', '"pgpsignatures":[1]')), /pgpsignatures/);
  assert.throws(() => parseActionFile(good.replace('"module":"file"', '"module":""')), /operation 1 names no module/);
  assert.throws(() => parseActionFile(" ".repeat((1 << 20) + 1)), /larger/);
});

test("describe and file names", () => {
  const a = newAction({ name: "../../etc/passwd <x>", target: "t", module: "file", parameters: { a: 1 }, expirySeconds: 60, now });
  const d = describeAction(a, now);
  assert.equal(d.expired, false);
  assert.equal(d.operations[0].module, "file");
  assert.equal(d.signatures, 0);
  assert.equal(describeAction(a, new Date("2030-01-01T00:00:00Z")).expired, true);
  assert.equal(actionFileName(a), "_.._etc_passwd_x_.json");
  assert.equal(rfc3339(now), "2026-12-03T10:00:00Z");
});

class MemoryStorage {
  constructor() { this.m = new Map(); }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  setItem(k, v) { this.m.set(k, String(v)); }
}

test("templates: save, replace, list sorted, remove, survive junk", () => {
  const s = new MemoryStorage();
  const t = new Templates(s);
  assert.deepEqual(t.list(), []);
  t.save({ name: "passwd", module: "file", args: ["-path=/etc"] });
  t.save({ name: "another", module: "netstat", args: [] });
  t.save({ name: "passwd", module: "file", args: ["-path=/usr"] });
  assert.deepEqual(t.list().map((x) => x.name), ["another", "passwd"]);
  assert.deepEqual(t.get("passwd").args, ["-path=/usr"]);
  t.remove("another");
  assert.deepEqual(t.list().map((x) => x.name), ["passwd"]);
  assert.throws(() => t.save({ name: "  ", module: "file", args: [] }), /needs a name/);
  s.setItem("mig.console.templates", "{not json");
  assert.deepEqual(t.list(), []);
  s.setItem("mig.console.templates", JSON.stringify([{ name: 1 }, null, { name: "ok", module: "file", args: [] }]));
  assert.deepEqual(t.list().map((x) => x.name), ["ok"]);
});
