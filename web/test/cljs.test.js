import { test } from "node:test";
import assert from "node:assert/strict";
import { items, errorMessage } from "../src/lib/cljs.js";

test("items maps each item's data names to values", () => {
  const doc = {
    collection: {
      version: "1.0",
      href: "h",
      items: [
        { href: "a", data: [{ name: "action", value: { id: 1 } }, { name: "x", value: 2 }] },
        { href: "b" },
        { href: "c", data: [{ name: "online agents", value: 3 }] },
      ],
      error: {},
    },
  };
  assert.deepEqual(items(doc).map((o) => ({ ...o })), [{ action: { id: 1 }, x: 2 }, {}, { "online agents": 3 }]);
  assert.deepEqual(items(doc.collection).length, 3);
});

test("items of odd documents is empty, and data names cannot reach the prototype", () => {
  assert.deepEqual(items(null), []);
  assert.deepEqual(items({ collection: { items: "no" } }), []);
  const [o] = items({ collection: { items: [{ data: [{ name: "__proto__", value: { polluted: true } }] }] } });
  assert.equal({}.polluted, undefined);
  assert.deepEqual(o.__proto__, { polluted: true });
});

test("errorMessage reads the collection's error", () => {
  assert.equal(errorMessage({ collection: { error: { code: "1", message: "no results found" } } }), "no results found");
  assert.equal(errorMessage({ collection: { error: {} } }), "");
  assert.equal(errorMessage("junk"), "");
  assert.equal(errorMessage({ collection: { error: { message: 42 } } }), "");
});
