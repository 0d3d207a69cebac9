import { test } from "node:test";
import assert from "node:assert/strict";
import { commandRows, resultRows, exportRecords, FILE_COLUMNS, GENERIC_COLUMNS, columnsFor } from "../src/actions/results.js";
import { filterRows, parseFilter } from "../src/actions/filter.js";

const fileCommand = {
  id: 7,
  status: "success",
  agent: { id: 3, name: "web1.example.net" },
  results: [{
    foundanything: true,
    success: true,
    elements: {
      s1: [
        { file: "/etc/passwd", search: {}, fileinfo: { size: 1200, mode: "-rw-r--r--", lastmodified: "2026-11-22 01:35:30 +0000 UTC" } },
        { file: "/etc/shadow", search: {}, fileinfo: { size: 900, mode: "-rw-r-----", lastmodified: "x", sha256: "AB" } },
      ],
      s2: [{ file: "", search: {}, fileinfo: { size: 0, mode: "", lastmodified: "" } }],
    },
    errors: ["open /root: permission denied"],
  }],
};

test("file module: one row per file found, placeholders dropped", () => {
  const rows = commandRows(fileCommand, "file");
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => r.path), ["/etc/passwd", "/etc/shadow"]);
  assert.equal(rows[0].agent, "web1.example.net");
  assert.equal(rows[0].outcome, "found");
  assert.equal(rows[0].size, 1200);
  assert.equal(rows[1].sha256, "AB");
  assert.equal(rows[1].search, "s1");
  assert.equal(rows[0].errors, "open /root: permission denied");
});

test("file module: a command that found nothing still has a row", () => {
  const rows = commandRows({ id: 8, status: "sent", agent: { id: 4, name: "db1" }, results: [{}] }, "file");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].path, "");
  assert.equal(rows[0].outcome, "noanswer");
});

test("file module: hostile shapes do not throw", () => {
  for (const elements of [null, [], "x", { s1: "x" }, { s1: [null, 3, { file: 5 }] }]) {
    const rows = commandRows({ status: "success", results: [{ elements, foundanything: false }] }, "file");
    assert.equal(rows.length, 1);
  }
  assert.equal(commandRows({ status: "success", results: null }, "file").length, 1);
});

test("other modules: one row per command with elements as JSON", () => {
  const rows = commandRows({ id: 9, status: "success", agent: { name: "a" }, results: [{ foundanything: true, success: true, elements: { hosts: ["1.2.3.4"] } }] }, "netstat");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].found, '{"hosts":["1.2.3.4"]}');
  assert.equal(columnsFor("netstat"), GENERIC_COLUMNS);
  assert.equal(columnsFor("file"), FILE_COLUMNS);
});

test("export records hold the columns and the IDs", () => {
  const recs = exportRecords(resultRows([fileCommand], "file"), FILE_COLUMNS);
  assert.equal(recs.length, 2);
  assert.equal(recs[0].agentid, 3);
  assert.equal(recs[0].commandid, 7);
  assert.deepEqual(Object.keys(recs[0]), ["agentid", "commandid", ...FILE_COLUMNS.map((c) => c.key)]);
});

test("filter: words, columns, quotes, case", () => {
  const rows = resultRows([fileCommand, { id: 8, status: "failed", agent: { id: 4, name: "db1" }, results: [] }], "file");
  assert.equal(filterRows(rows, "", FILE_COLUMNS).length, 3);
  assert.equal(filterRows(rows, "SHADOW", FILE_COLUMNS).length, 1);
  assert.equal(filterRows(rows, "outcome:error", FILE_COLUMNS).length, 1);
  assert.equal(filterRows(rows, "outcome:found passwd", FILE_COLUMNS).length, 1);
  assert.equal(filterRows(rows, "agent:web1 path:/etc", FILE_COLUMNS).length, 2);
  assert.equal(filterRows(rows, 'path:"/etc/pass"', FILE_COLUMNS).length, 1);
  assert.equal(filterRows(rows, "nomatch", FILE_COLUMNS).length, 0);
  // Not a column name: the whole word is text.
  assert.equal(filterRows(rows, "nosuch:thing", FILE_COLUMNS).length, 0);
  assert.deepEqual(parseFilter('a b:c "d e"').map((t) => [t.column, t.value]), [[null, "a"], ["b", "c"], [null, "d e"]]);
});
