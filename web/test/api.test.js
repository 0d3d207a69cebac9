import { test } from "node:test";
import assert from "node:assert/strict";
import * as openpgp from "openpgp";
import { Api, ApiError, tokenTime } from "../src/lib/api.js";
import { KeySigner } from "../src/lib/signer.js";
import { oneLineToArmor } from "../src/lib/one_line.js";
import { testKey, fakeFetch, cj, json } from "../test-support/helpers.js";

async function verifies(text, oneLine, publicKey) {
  const signature = await openpgp.readSignature({ armoredSignature: oneLineToArmor(oneLine) });
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) });
  const { signatures } = await openpgp.verify({ message, signature, verificationKeys: await openpgp.readKey({ armoredKey: publicKey }) });
  await signatures[0].verified;
}

test("token time is Go's fixed layout", () => {
  assert.equal(tokenTime(new Date(Date.UTC(2026, 11, 3, 9, 5, 7, 999))), "2026-12-03T09:05:07Z");
});

test("every request carries a fresh, valid PGP token", async () => {
  const k = await testKey("pw");
  const signer = await KeySigner.fromArmored(k.privateKey, "pw");
  const api = new Api("/api/v1/", { signer });
  api.fetch = fakeFetch(() => json(200, cj([{ agent: { id: 1 } }])));
  assert.deepEqual((await api.get("/agent", { agentid: 1 }))[0].agent, { id: 1 });
  await api.get("agent", { agentid: 1, none: undefined });
  const [a, b] = api.fetch.calls;
  assert.equal(a.url, "/api/v1/agent?agentid=1");
  assert.equal(b.url, "/api/v1/agent?agentid=1");
  const tokens = [a, b].map((c) => c.headers["X-PGPAUTHORIZATION"]);
  assert.notEqual(tokens[0], tokens[1]);
  for (const t of tokens) {
    const parts = t.split(";");
    assert.equal(parts.length, 4);
    assert.equal(parts[0], "1");
    assert.match(parts[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(parts[2], /^\d+$/);
    await verifies(`1;${parts[1]};${parts[2]}\n`, parts[3], k.publicKey);
    await assert.rejects(verifies(`1;${parts[1]};${parts[2]}`, parts[3], k.publicKey));
  }
  assert.equal(a.headers["X-MIGAPIKEY"], undefined);
  // The secret key never leaves: nothing in the request looks like it.
  assert.ok(!JSON.stringify(api.fetch.calls).includes("PRIVATE KEY"));
});

test("API key: the header, no token", async () => {
  const api = new Api("/api/v1", { apiKey: "k3y" });
  api.fetch = fakeFetch(() => json(200, cj([])));
  await api.get("/dashboard");
  assert.equal(api.fetch.calls[0].headers["X-MIGAPIKEY"], "k3y");
  assert.equal(api.fetch.calls[0].headers["X-PGPAUTHORIZATION"], undefined);
});

test("errors carry the status and the API's own message", async () => {
  const api = new Api("/api/v1", { apiKey: "k" });
  api.fetch = fakeFetch(() => json(400, cj([], { code: "1", message: "parameter 'target': invalid target: x at byte 3" })));
  await assert.rejects(api.get("/agent/count", { target: "a b" }), (e) => e instanceof ApiError && e.status === 400 && /at byte 3/.test(e.message));
  api.fetch = fakeFetch(() => new Response("<html>gateway</html>", { status: 502, statusText: "Bad Gateway" }));
  await assert.rejects(api.get("/x"), (e) => e.status === 502 && e.message === "502 Bad Gateway");
  api.fetch = fakeFetch(() => new Response("not json", { status: 200 }));
  await assert.rejects(api.get("/x"), /not JSON/);
  api.fetch = fakeFetch(() => {
    throw new TypeError("Failed to fetch");
  });
  await assert.rejects(api.get("/x"), (e) => e.status === 0 && /cannot reach the API/.test(e.message));
});

test("search returns the found objects, [] on 'no results found'", async () => {
  const api = new Api("/api/v1", { apiKey: "k" });
  api.fetch = fakeFetch(() => json(200, cj([{ command: { id: 5 } }, { "search parameters": { type: "command" } }])));
  assert.deepEqual(await api.search({ type: "command", agentid: 3 }), [{ id: 5 }]);
  assert.equal(api.fetch.calls[0].url, "/api/v1/search?type=command&agentid=3");
  api.fetch = fakeFetch(() => json(404, cj([], { code: "1", message: "no results found" })));
  assert.deepEqual(await api.search({ type: "command" }), []);
  api.fetch = fakeFetch(() => json(403, cj([], { code: "1", message: "Insufficient permissions" })));
  await assert.rejects(api.search({ type: "command" }), /Insufficient/);
});

test("post: a form, or multipart with FormData", async () => {
  const api = new Api("/api/v1", { apiKey: "k" });
  api.fetch = fakeFetch(() => json(200, cj([{ ok: true }])));
  await api.post("/action/cancel/", { actionid: 7, note: "a&b=c", skip: undefined });
  const c = api.fetch.calls[0];
  assert.equal(c.method, "POST");
  assert.equal(c.headers["Content-Type"], "application/x-www-form-urlencoded");
  assert.equal(c.body, "actionid=7&note=a%26b%3Dc");
  const fd = new FormData();
  fd.append("name", "Bob");
  await api.post("/investigator/create/", fd);
  assert.equal(api.fetch.calls[1].body, fd);
  assert.equal(api.fetch.calls[1].headers["Content-Type"], undefined, "fetch sets the multipart boundary");
});

test("follow parses the event stream and close() stops it", async () => {
  const api = new Api("/api/v1", { apiKey: "k" });
  const chunks = ["event: action\ndata: {\"id\":1,", "\"status\":\"inflight\"}\n\n: ping\n\nevent: command\r\ndata: {\"id\":2}\r\n\r\n", "event: end\ndata: {\"status\":\"completed\"}\n\n"];
  api.fetch = fakeFetch(() => new Response(new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(new TextEncoder().encode(ch));
      c.close();
    },
  }), { status: 200, headers: { "Content-Type": "text/event-stream" } }));
  const events = [];
  await new Promise((resolve) => {
    api.follow(1, (type, value) => {
      events.push([type, value]);
      if (type === "end") resolve();
    });
  });
  assert.deepEqual(events, [["action", { id: 1, status: "inflight" }], ["command", { id: 2 }], ["end", { status: "completed" }]]);
  assert.equal(api.fetch.calls[0].url, "/api/v1/action/follow?actionid=1");

  api.fetch = fakeFetch(() => json(403, cj([], { code: "1", message: "Insufficient permissions: command" })));
  const err = await new Promise((resolve) => api.follow(2, (type, value) => type === "error" && resolve(value)));
  assert.equal(err.status, 403);
  assert.match(err.message, /Insufficient/);

  // An early end of the stream is reported, unless closed by us.
  api.fetch = fakeFetch(() => new Response("event: action\ndata: {}\n\n", { status: 200 }));
  const early = await new Promise((resolve) => api.follow(3, (type, value) => type === "error" && resolve(value)));
  assert.match(early.message, /ended before/);
});
