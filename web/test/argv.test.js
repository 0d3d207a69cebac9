import { test } from "node:test";
import assert from "node:assert/strict";
import { buildArgs, defaultActionName, valuesFromArgs } from "../src/actions/argv.js";
import { parseDuration, formatDuration } from "../src/actions/duration.js";

const flags = [
  { name: "path", type: "list" },
  { name: "name", type: "list" },
  { name: "maxdepth", type: "number" },
  { name: "label", type: "string" },
  { name: "matchany", type: "bool" },
  { name: "matchall", type: "bool", default: true },
  { name: "rules", type: "file" },
];

test("argv: -NAME=VALUE, lists repeat, empties dropped", () => {
  const { args, files } = buildArgs(flags, {
    path: ["/etc", "", "-weird"],
    name: ["^passwd$"],
    maxdepth: " 3 ",
    label: "",
    matchany: true,
  });
  assert.deepEqual(args, ["-path=/etc", "-path=-weird", "-name=^passwd$", "-maxdepth=3", "-matchany"]);
  assert.deepEqual(files, {});
});

test("argv: a bool whose default is true is said when unchecked", () => {
  assert.deepEqual(buildArgs(flags, { matchall: false }).args, ["-matchall=false"]);
  assert.deepEqual(buildArgs(flags, { matchall: true }).args, []);
  assert.deepEqual(buildArgs(flags, { matchany: false }).args, []);
});

test("argv: file flags name their file and carry its content", () => {
  const { args, files } = buildArgs(flags, { rules: { name: "r.yar", content: "rule x {}" } });
  assert.deepEqual(args, ["-rules=r.yar"]);
  assert.deepEqual(files, { "r.yar": "rule x {}" });
});

test("argv: unknown flag types are refused", () => {
  assert.throws(() => buildArgs([{ name: "x", type: "blob" }], {}), /unknown type/);
});

test("argv round trip through valuesFromArgs", () => {
  const values = { path: ["/a", "/b"], maxdepth: "2", matchany: true, matchall: false };
  const { args } = buildArgs(flags, values);
  const back = valuesFromArgs(flags, args);
  assert.deepEqual(back.path, ["/a", "/b"]);
  assert.equal(back.maxdepth, "2");
  assert.equal(back.matchany, true);
  assert.equal(back.matchall, false);
  assert.deepEqual(valuesFromArgs(flags, ["junk", "-nosuch=1"]), {});
});

test("default action name as mig makes it", () => {
  assert.equal(defaultActionName("file", ["-path=/etc"]), "file -path=/etc");
  assert.equal(defaultActionName("file", ["x".repeat(200)]).length, 100);
});

test("durations as mig -e writes them", () => {
  assert.equal(parseDuration("5m"), 300);
  assert.equal(parseDuration("1h30m"), 5400);
  assert.equal(parseDuration(" 90s "), 90);
  assert.equal(parseDuration("1.5h"), 5400);
  for (const bad of ["", "5", "m", "-5m", "5d", "1h 2m", "0s"]) assert.throws(() => parseDuration(bad), /invalid duration/, bad);
  assert.equal(formatDuration(5400), "1h30m");
  assert.equal(formatDuration(300), "5m");
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(3661), "1h1m1s");
});
