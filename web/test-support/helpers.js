// Shared by the unit tests: paths of the repository's test data, a fast
// test key.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as openpgp from "openpgp";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const examples = join(repo, "tests", "data", "mig-examples");

// A passphrase-protected Curve25519 key (fast to make; MIG's own keys are RSA).
export async function testKey(passphrase = "correct horse") {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: "ecc",
    userIDs: [{ name: "Test Investigator", email: "test@example.net" }],
    passphrase,
    format: "armored",
  });
  return { privateKey, publicKey, passphrase };
}

// A fetch that records requests and answers from a handler.
export function fakeFetch(handler) {
  const calls = [];
  const fn = async (url, init = {}) => {
    const call = { url: String(url), method: init.method || "GET", headers: { ...(init.headers || {}) }, body: init.body };
    calls.push(call);
    return handler(call);
  };
  fn.calls = calls;
  return fn;
}

export function cj(items, error) {
  return {
    collection: {
      version: "1.0",
      href: "x",
      items: items.map((data) => ({ href: "x", data: Object.entries(data).map(([name, value]) => ({ name, value })) })),
      template: {},
      error: error || {},
    },
  };
}

export function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
