// The client of mig-api's REST API (Collection+JSON under /api/v1).
// Every request carries fresh credentials: a new X-PGPAUTHORIZATION token
// ("1;<time>;<nonce>;<one-line signature of '1;<time>;<nonce>\n'>", each
// accepted once by the API) signed in the page, or the X-MIGAPIKEY header.
import { items, errorMessage } from "./cljs.js";
import { SseParser } from "./sse.js";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

// "2006-01-02T15:04:05Z" for now.
export function tokenTime(now = new Date()) {
  return now.toISOString().slice(0, 19) + "Z";
}

// A random decimal nonce (64 bits): unique per token, like MIG's IDs.
export function newNonce() {
  const b = new BigUint64Array(1);
  crypto.getRandomValues(b);
  return b[0].toString();
}

// The X-PGPAUTHORIZATION value for signer, made now.
export async function makeToken(signer, now = new Date()) {
  const time = tokenTime(now);
  const nonce = newNonce();
  const sig = await signer.signDetachedOneLine(`1;${time};${nonce}\n`);
  return `1;${time};${nonce};${sig}`;
}

function query(params) {
  if (!params) return "";
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null) q.append(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

export class Api {
  // base: the API's route ("/api/v1" or a full URL). credentials:
  // { signer: KeySigner } or { apiKey: "..." }.
  constructor(base, credentials) {
    this.base = String(base).replace(/\/+$/, "");
    this.credentials = credentials || {};
    this.fetch = (...a) => globalThis.fetch(...a);
  }

  get auth() {
    return this.credentials.signer ? "pgp" : this.credentials.apiKey ? "apikey" : "none";
  }

  async headers() {
    const h = {};
    if (this.credentials.signer) h["X-PGPAUTHORIZATION"] = await makeToken(this.credentials.signer);
    else if (this.credentials.apiKey) h["X-MIGAPIKEY"] = this.credentials.apiKey;
    return h;
  }

  url(path, params) {
    return this.base + (path.startsWith("/") ? path : "/" + path) + query(params);
  }

  // The fetch Response, whatever its status (downloads, streams).
  async raw(path, params, init = {}) {
    const headers = { ...(init.headers || {}), ...(await this.headers()) };
    return this.fetch(this.url(path, params), { ...init, headers, credentials: "omit", cache: "no-store" });
  }

  // Reads a C+J answer: items on 2xx, ApiError with the API's message else.
  async #collection(res) {
    const text = await res.text();
    let doc = null;
    try {
      doc = text ? JSON.parse(text) : null;
    } catch {
      doc = null;
    }
    const message = doc ? errorMessage(doc) : "";
    if (!res.ok) {
      throw new ApiError(res.status, message || `${res.status} ${res.statusText || "error"}`.trim());
    }
    if (!doc) throw new ApiError(res.status, "the API's answer is not JSON");
    if (message) throw new ApiError(res.status, message);
    return items(doc);
  }

  async get(path, params) {
    let res;
    try {
      res = await this.raw(path, params, { method: "GET" });
    } catch (e) {
      throw new ApiError(0, "cannot reach the API: " + (e?.message || e));
    }
    return this.#collection(res);
  }

  // formFields: a plain object (sent as application/x-www-form-urlencoded)
  // or a FormData (sent as multipart/form-data, e.g. /investigator/create/).
  async post(path, formFields) {
    let body;
    const headers = {};
    if (typeof FormData !== "undefined" && formFields instanceof FormData) {
      body = formFields;
    } else {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(formFields || {})) {
        if (v !== undefined && v !== null) form.append(k, String(v));
      }
      body = form.toString();
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    let res;
    try {
      res = await this.raw(path, undefined, { method: "POST", body, headers });
    } catch (e) {
      throw new ApiError(0, "cannot reach the API: " + (e?.message || e));
    }
    return this.#collection(res);
  }

  // GET /search: the found objects of `type` (search parameters and
  // pagination items left out); [] when the API says "no results found".
  async search(params) {
    try {
      const found = await this.get("/search", params);
      return found.filter((i) => i[params.type] !== undefined).map((i) => i[params.type]);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return [];
      throw e;
    }
  }

  // GET /action/follow as a stream: onEvent(type, value) with type command,
  // action, end (value parsed from JSON) and, when the stream fails or the
  // server closes it early, "error" with {message}. Returns close().
  follow(actionId, onEvent, params = {}) {
    const abort = new AbortController();
    let closed = false;
    const emit = (type, value) => {
      if (!closed) onEvent(type, value);
    };
    (async () => {
      let ended = false;
      try {
        const res = await this.raw("/action/follow", { actionid: actionId, ...params }, { method: "GET", signal: abort.signal, headers: { Accept: "text/event-stream" } });
        if (!res.ok) {
          let message = `${res.status}`;
          try {
            message = errorMessage(JSON.parse(await res.text())) || message;
          } catch {}
          emit("error", { status: res.status, message });
          return;
        }
        const parser = new SseParser((type, data) => {
          let value = data;
          try {
            value = JSON.parse(data);
          } catch {}
          if (type === "end") ended = true;
          emit(type, value);
        });
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
        }
        if (!ended) emit("error", { status: 0, message: "the stream ended before the action did" });
      } catch (e) {
        if (!abort.signal.aborted) emit("error", { status: 0, message: String(e?.message || e) });
      }
    })();
    return () => {
      closed = true;
      abort.abort();
    };
  }
}
