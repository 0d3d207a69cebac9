import { test } from "node:test";
import assert from "node:assert/strict";
import { commandOutcome, countOutcomes, commandErrors } from "../src/actions/outcome.js";

const ok = (results) => ({ status: "success", results });

test("success with something found is found", () => {
  assert.equal(commandOutcome(ok([{ foundanything: false, success: true }, { foundanything: true, success: true }])), "found");
});

test("success with nothing found is nothing", () => {
  assert.equal(commandOutcome(ok([{ foundanything: false, success: true, errors: null }])), "nothing");
  assert.equal(commandOutcome(ok([])), "nothing");
});

test("a module that failed is an error, even if the command succeeded", () => {
  assert.equal(commandOutcome(ok([{ foundanything: false, success: false, errors: ["no such dir"] }])), "error");
});

test("failed and timeout are errors", () => {
  assert.equal(commandOutcome({ status: "failed", results: [] }), "error");
  assert.equal(commandOutcome({ status: "timeout" }), "error");
});

test("sent, expired, cancelled and junk are no answer", () => {
  for (const status of ["sent", "expired", "cancelled", "", undefined, 42]) {
    assert.equal(commandOutcome({ status }), "noanswer", String(status));
  }
  assert.equal(commandOutcome(null), "noanswer");
});

test("countOutcomes and commandErrors", () => {
  const cmds = [ok([{ foundanything: true, success: true }]), { status: "sent" }, { status: "failed", results: [{ errors: ["denied", "x"] }] }];
  assert.deepEqual(countOutcomes(cmds), { found: 1, nothing: 0, error: 1, noanswer: 1 });
  assert.deepEqual(commandErrors(cmds[2]), ["denied", "x"]);
  assert.deepEqual(commandErrors({ results: null }), []);
});
