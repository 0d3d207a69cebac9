import { test } from "node:test";
import assert from "node:assert/strict";
import { goJson, goString, goNumber } from "../src/lib/gojson.js";

test("strings are escaped as Go's json.Marshal does", () => {
  assert.equal(goString('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goString("\n\r\t"), '"\\n\\r\\t"');
  assert.equal(goString("\b\f\u0001\u001f"), '"\\u0008\\u000c\\u0001\\u001f"');
  assert.equal(goString("<a>&"), '"\\u003ca\\u003e\\u0026"');
  assert.equal(goString("\u2028\u2029"), '"\\u2028\\u2029"');
  assert.equal(goString("\u007f é 😀"), '"\u007f é 😀"');
  assert.equal(goString("x\ud800y"), '"x\ufffdy"');
});

test("numbers are doubles printed like Go", () => {
  assert.equal(goNumber(2), "2");
  assert.equal(goNumber(-0), "-0");
  assert.equal(goNumber(1.5), "1.5");
  assert.equal(goNumber(1e21), "1e+21");
  assert.equal(goNumber(1e20), "100000000000000000000");
  assert.equal(goNumber(0.000001), "0.000001");
  assert.equal(goNumber(5e-7), "5e-7");
  assert.equal(goNumber(2 ** 63), "9223372036854776000");
  assert.equal(goNumber(NaN), "null");
});

test("objects have keys sorted by UTF-8 bytes, no whitespace, undefined dropped", () => {
  assert.equal(goJson({ b: 1, a: [true, null, "x"], c: undefined }), '{"a":[true,null,"x"],"b":1}');
  // UTF-16 order puts U+FF21 after U+1F600's high surrogate... bytes do not.
  assert.equal(goJson({ "😀": 1, "Ａ": 2, Z: 3, a: 4 }), '{"Z":3,"a":4,"Ａ":2,"😀":1}');
  assert.equal(goJson({}), "{}");
  assert.equal(goJson([]), "[]");
});
