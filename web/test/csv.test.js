import { test } from "node:test";
import assert from "node:assert/strict";
import { toCsv, csvCell } from "../src/lib/csv.js";

test("RFC 4180 quoting and CRLF lines", () => {
  const out = toCsv(
    [
      { a: "plain", b: 'say "hi"' },
      { a: "x,y", b: "two\nlines" },
      { a: null, b: 3 },
    ],
    ["a", "b"],
  );
  assert.equal(out, 'a,b\r\nplain,"say ""hi"""\r\n"x,y","two\nlines"\r\n,3\r\n');
});

test("cells a spreadsheet would run as formulas are prefixed with a quote", () => {
  for (const bad of ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]) {
    assert.ok(csvCell(bad).replace(/^"/, "").startsWith("'"), bad);
  }
  assert.equal(csvCell("=1+1"), "'=1+1");
  assert.equal(csvCell("=A1,B1"), "\"'=A1,B1\"");
  assert.equal(csvCell("a=b"), "a=b");
  assert.equal(csvCell(-5), "-5");
  assert.equal(csvCell("-5"), "'-5");
});

test("columns with labels and computed values; objects as JSON", () => {
  const out = toCsv([{ n: { k: 1 } }], [{ key: "n", label: "Name" }, { key: (r) => r.n.k * 2, label: "Twice" }]);
  assert.equal(out, 'Name,Twice\r\n"{""k"":1}",2\r\n');
});
