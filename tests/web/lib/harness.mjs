// What the browser tests share: the stack tests/web/run started (environment
// variables), a Chromium launcher that records every request the pages make,
// every console response's headers and every CSP violation, and a small API
// client that signs its tokens in Node (to compare the page with the API).
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";

const env = (name) => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set: run the tests with tests/web/run`);
  return v;
};

export const stack = {
  console: env("MIG_WEB_CONSOLE"), // http://127.0.0.1:PORT/console/
  api: env("MIG_WEB_API"), // http://127.0.0.1:PORT/api/v1/
  agent: env("MIG_WEB_AGENT"),
  hostileAgent: env("MIG_WEB_HOSTILE_AGENT"),
  hostileIp: env("MIG_WEB_HOSTILE_IP"),
  geodb: env("MIG_WEB_GEODB"),
  key: readFileSync(env("MIG_WEB_KEY"), "utf8"),
  keyFile: env("MIG_WEB_KEY"),
  keyPassphrase: env("MIG_WEB_KEY_PASSPHRASE"),
  secondKey: readFileSync(env("MIG_WEB_SECOND_KEY"), "utf8"),
  secondKeyFile: env("MIG_WEB_SECOND_KEY"),
  secondPassphrase: env("MIG_WEB_SECOND_PASSPHRASE"),
  screenshots: env("MIG_WEB_SCREENSHOTS"),
  downloads: env("MIG_WEB_DOWNLOADS"),
  tmp: env("MIG_WEB_TMP"),
};

const require = createRequire(join(env("MIG_WEB_NODE_MODULES"), "noop.js"));
export const { chromium } = require("playwright-core");
export const openpgp = require("openpgp");

// The CSP of the contract (docs/web-console.md); 'wasm-unsafe-eval' is the
// only addition the contract allows, to script-src.
export const CSP_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

export function cspProblems(header) {
  if (!header) return ["no Content-Security-Policy header"];
  const got = new Map(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0], d.slice(1).sort().join(" ")]),
  );
  const problems = [];
  for (const want of CSP_DIRECTIVES) {
    const [name, ...values] = want.split(" ");
    let have = got.get(name);
    if (name === "script-src" && have !== undefined)
      have = have.replace(/'wasm-unsafe-eval' ?/, "").trim();
    if (have !== values.sort().join(" ")) problems.push(`${name}: '${got.get(name)}', want '${values.join(" ")}'`);
    got.delete(name);
  }
  for (const [name, v] of got) problems.push(`unexpected directive ${name} ${v}`);
  return problems;
}

// Everything the tests observed, over every browser they started.
export const observed = {
  requests: [], // {url, method, headers, body}
  consoleResponses: [], // {url, status, headers}
  violations: [], // strings
  dialogs: [], // strings
  pageErrors: [], // strings
  pending: [],
};

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

// A Chromium with a fresh profile; every page it opens is watched.
export async function launch() {
  const profile = mkdtempSync(join(stack.tmp, "chromium-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.MIG_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  // Reported by the page itself, in case Chromium logs a violation in a way
  // the console listener misses.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  context.on("request", (r) => {
    observed.pending.push(
      r.allHeaders().then((headers) => {
        observed.requests.push({ url: r.url(), method: r.method(), headers, body: r.postData() ?? "" });
      }),
    );
  });
  context.on("response", (r) => {
    if (!new URL(r.url()).pathname.startsWith("/console")) return;
    observed.pending.push(
      r.allHeaders().then((headers) => {
        observed.consoleResponses.push({ url: r.url(), status: r.status(), headers });
      }),
    );
  });
  const watch = (page) => {
    page.on("console", (m) => {
      const t = m.text();
      if (t.includes("CSP-VIOLATION") || /Content Security Policy/i.test(t)) observed.violations.push(t);
    });
    page.on("dialog", (d) => {
      observed.dialogs.push(`${d.type()}: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    page.on("pageerror", (e) => observed.pageErrors.push(String(e)));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  return { context, page };
}

export async function settle() {
  await Promise.allSettled(observed.pending);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(stack.screenshots, `${name}.png`), fullPage: false });
}

// Signs in on #/signin with an armored secret key file and its passphrase.
export async function signIn(page, keyFile, passphrase) {
  await page.goto(stack.console + "#/signin");
  await page.getByTestId("key-file").setInputFiles(keyFile);
  if (passphrase !== undefined) await page.getByTestId("passphrase").fill(passphrase);
  await page.getByTestId("signin").click();
}

// ------------------------------------------------------------ API client
// CRC-24 of RFC 4880 6.1, for the one-line signature's "=XXXX" line
// (OpenPGP.js 6 no longer writes it; MIG's one-line form wants it).
function crc24(bytes) {
  let crc = 0xb704ce;
  for (const b of bytes) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

function oneLine(armored) {
  const lines = armored.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === "") + 1;
  const body = lines.slice(start).filter((l) => l && !l.startsWith("-----") && !/^=[A-Za-z0-9+/]{4}$/.test(l));
  const b64 = body.join("");
  const c = crc24(Buffer.from(b64, "base64"));
  return b64 + "=" + Buffer.from([c >> 16, (c >> 8) & 0xff, c & 0xff]).toString("base64");
}

export class NodeApi {
  static async fromArmored(armored, passphrase) {
    let key = await openpgp.readPrivateKey({ armoredKey: armored });
    if (!key.isDecrypted()) key = await openpgp.decryptKey({ privateKey: key, passphrase });
    const api = new NodeApi();
    api.key = key;
    return api;
  }
  async token() {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const str = `1;${now};${Date.now()}${Math.floor(Math.random() * 1e9)}`;
    const sig = await openpgp.sign({
      message: await openpgp.createMessage({ text: str + "\n", format: "utf8" }),
      signingKeys: this.key,
      detached: true,
    });
    return `${str};${oneLine(sig)}`;
  }
  async request(method, path, form) {
    const headers = { "X-PGPAUTHORIZATION": await this.token() };
    let body;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    const r = await fetch(new URL(path, stack.api), { method, headers, body });
    const text = await r.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: r.status, json, text };
  }
  get(path) {
    return this.request("GET", path);
  }
  post(path, form) {
    return this.request("POST", path, form);
  }
}

// Collection+JSON items as objects (data name -> value).
export function items(json) {
  return (json?.collection?.items ?? []).map((it) =>
    Object.fromEntries((it.data ?? []).map((d) => [d.name, d.value])),
  );
}
export function errorMessage(json) {
  return json?.collection?.error?.message ?? "";
}

// Polls fn until it returns a truthy value or timeout ms pass.
export async function eventually(fn, timeout = 30_000, what = "condition") {
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} not reached within ${timeout} ms (last: ${last})`);
}
