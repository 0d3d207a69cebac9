import { test } from "node:test";
import assert from "node:assert/strict";
import { search, searchAll, createAction, acl, geoStatus, moduleParameters } from "../src/actions/fetch.js";

class FakeApi {
  constructor(handler) {
    this.handler = handler;
    this.calls = [];
  }
  async get(path, params) {
    this.calls.push(["GET", path, params]);
    return this.handler("GET", path, params);
  }
  async post(path, form) {
    this.calls.push(["POST", path, form]);
    return this.handler("POST", path, form);
  }
}
const notFound = () => Object.assign(new Error("no results found"), { status: 404 });

test("a search with no results is an empty list; other errors stay errors", async () => {
  assert.deepEqual(await search(new FakeApi(() => { throw notFound(); }), {}), []);
  await assert.rejects(search(new FakeApi(() => { throw Object.assign(new Error("denied"), { status: 403 }); }), {}), /denied/);
});

test("searchAll pages until a short page, dropping non-objects and the parameters item", async () => {
  const api = new FakeApi((m, p, params) => {
    const start = params.offset;
    const n = start === 0 ? 3 : start === 3 ? 3 : 1;
    return [...Array.from({ length: n }, (_, i) => ({ command: { id: start + i } })), { "search parameters": {} }, { command: "junk" }];
  });
  const got = await searchAll(api, { type: "command", actionid: 5 }, "command", { pageSize: 3 });
  assert.deepEqual(got.map((c) => c.id), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(api.calls.map((c) => c[2].offset), [0, 3, 6]);
  assert.equal(api.calls[0][2].actionid, 5);
});

test("createAction reads the new ID from 'action ID N'", async () => {
  const api = new FakeApi(() => [{ "action ID 77": { id: 77, name: "x" } }]);
  assert.equal(await createAction(api, { name: "x" }), 77);
  assert.equal(JSON.parse(api.calls[0][2].action).name, "x");
  assert.equal(await createAction(new FakeApi(() => [{ "action ID 78": null }]), {}), "78");
  await assert.rejects(createAction(new FakeApi(() => [{ other: 1 }]), {}), /did not say its ID/);
});

test("acl: 404 is none configured", async () => {
  assert.equal(await acl(new FakeApi(() => { throw notFound(); })), null);
  assert.deepEqual(await acl(new FakeApi(() => [{ acl: { default: {} } }])), { default: {} });
});

test("geo: an error reads as not configured, with the reason", async () => {
  assert.deepEqual(await geoStatus(new FakeApi(() => [{ geo: { configured: true } }])), { configured: true });
  const g = await geoStatus(new FakeApi(() => { throw new Error("boom"); }));
  assert.equal(g.configured, false);
  assert.equal(g.error, "boom");
});

test("moduleParameters posts argv and files as JSON", async () => {
  const api = new FakeApi(() => [{ parameters: { searches: {} } }]);
  assert.deepEqual(await moduleParameters(api, "file", ["-path=/etc"], { "r.yar": "x" }), { searches: {} });
  assert.deepEqual(api.calls[0][2], { module: "file", args: '["-path=/etc"]', files: '{"r.yar":"x"}' });
  await assert.rejects(moduleParameters(new FakeApi(() => []), "file", [], {}), /no parameters/);
});
