// The signed-in session, held in this page's memory only: a reload signs
// out (unless the user stored the encrypted key, then only the passphrase
// is asked again). current() -> { api, signer|null, me, isAdmin } or null.
import { Api } from "./api.js";
import { KeySigner } from "./signer.js";

// The administration set of the API's permissions (mig-api's "admin" set,
// src/api/permissions.h: kPermSetAdmin).
export const ADMIN_PERMISSIONS = ["investigator", "investigator_create", "investigator_update"];

let session = null;
const listeners = new Set();

// The API's base route: index.html may name it (<meta name="mig-api-base">),
// else mig-api's default.
export function apiBase() {
  const meta = globalThis.document?.querySelector?.('meta[name="mig-api-base"]');
  const v = meta?.getAttribute("content");
  return v && v.trim() ? v.trim() : "/api/v1";
}

export function current() {
  return session;
}

export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function set(next) {
  session = next;
  for (const fn of listeners) {
    try {
      fn(session);
    } catch (e) {
      console.error(e);
    }
  }
}

export function isAdmin(me) {
  const perms = Array.isArray(me?.permissions) ? me.permissions : [];
  return ADMIN_PERMISSIONS.every((p) => perms.includes(p));
}

export function hasPermission(name) {
  return Boolean(session?.me?.permissions?.includes?.(name));
}

// Asks GET /me who the credentials belong to; a refusal ends the sign-in.
async function open(api, signer) {
  let found;
  try {
    found = await api.get("/me");
  } catch (e) {
    if (e.status === 404) throw new Error("this mig-api does not answer GET /me: the console needs a mig-api of the same version");
    throw e;
  }
  const item = found.find((i) => i.investigator);
  if (!item) throw new Error("the API did not say who you are (GET /me has no investigator)");
  const me = item.investigator;
  if (me.status && me.status !== "active") throw new Error(`investigator '${me.name}' is ${me.status}`);
  const s = { api, signer, me, auth: item.auth || api.auth, isAdmin: isAdmin(me) };
  set(s);
  return s;
}

// Signs in with an armored secret key and its passphrase. remember: keep
// the armored key (still encrypted) in this browser for the next visit.
export async function signInWithKey(armored, passphrase, { remember = false, base = apiBase() } = {}) {
  const signer = await KeySigner.fromArmored(armored, passphrase);
  if (remember && !(await signer.isProtected())) {
    throw new Error("this key has no passphrase: it can only be kept in memory (untick 'keep the key')");
  }
  const s = await open(new Api(base, { signer }), signer);
  if (remember) await signer.storeEncrypted();
  return s;
}

// Read-only views with an API key (nothing can be signed).
export async function signInWithApiKey(apiKey, { base = apiBase() } = {}) {
  const key = String(apiKey || "").trim();
  if (!key) throw new Error("enter an API key");
  return open(new Api(base, { apiKey: key }), null);
}

export function signOut({ forgetKey = false } = {}) {
  if (forgetKey) KeySigner.forgetStored();
  set(null);
}
