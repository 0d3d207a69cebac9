import { test } from "node:test";
import assert from "node:assert/strict";
import { when, ago, byteToIndex, targetError } from "../src/lib/format.js";
import { PERMISSION_NAMES, permissionList, permissionObject } from "../src/lib/permissions.js";

test("targetError reads the byte offset and drops the caret line", () => {
  const m = "parameter 'target': invalid target: unknown column 'nme' at byte 22\nstatus = 'online' AND nme = 3\n                      ^";
  assert.deepEqual(targetError(m), { message: "parameter 'target': invalid target: unknown column 'nme' at byte 22", offset: 22 });
  assert.deepEqual(targetError("Insufficient permissions"), { message: "Insufficient permissions", offset: null });
  assert.deepEqual(targetError(undefined), { message: "", offset: null });
});

test("byte offsets map to string indexes through UTF-8", () => {
  assert.equal(byteToIndex("abc", 1), 1);
  assert.equal(byteToIndex("é=1", 2), 1); // é is 2 bytes
  assert.equal(byteToIndex("😀x", 4), 2); // 4 bytes, 2 UTF-16 units
  assert.equal(byteToIndex("ab", 99), 2);
});

test("times: sentinel years hidden, ages rounded", () => {
  assert.equal(when("2026-12-03T10:00:00Z"), "2026-12-03 10:00:00 UTC");
  assert.equal(when("0001-01-01T00:00:00Z"), "");
  assert.equal(when("9998-01-11T11:11:11Z"), "");
  assert.equal(when(""), "");
  const now = Date.parse("2026-12-03T10:00:00Z");
  assert.equal(ago("2026-12-03T09:59:50Z", now), "10 s ago");
  assert.equal(ago("2026-12-03T09:50:00Z", now), "10 min ago");
  assert.equal(ago("0001-01-01T00:00:00Z", now), "never");
});

test("permissions: the API's 19 names, both forms", () => {
  assert.equal(PERMISSION_NAMES.length, 19);
  const obj = permissionObject(["agent", "search"]);
  assert.equal(Object.keys(obj).length, 19);
  assert.equal(obj.search && obj.agent && !obj.action, true);
  assert.deepEqual(permissionList(obj), ["search", "agent"]);
  assert.deepEqual(permissionList(["investigator", "bogus", "search"]), ["search", "investigator"]);
});

test("the permission names are the C++ list, in its order", async () => {
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { repo } = await import("../test-support/helpers.js");
  const header = readFileSync(join(repo, "src", "core", "permissions.h"), "utf8");
  const names = [...header.slice(header.indexOf("kPermissionNames")).matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
  assert.deepEqual(PERMISSION_NAMES, names);
});
