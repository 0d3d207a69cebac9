// The console's entry point: a hash router (#/agents, #/action/42...) so
// that mig-api serves one static index.html and never has to know pages.
//
// A page module exports { title, render(root, where, ctx) }; render may be
// async and returns an optional cleanup function (called when the page is
// left: close streams, timers). where = {name, args, query}; ctx =
// { session, navigate }, session being lib/session.js's current(). Pages
// that export `isPublic = true` (sign-in) are shown without a session; any
// other sends the visitor to #/signin first.
import { el, replace } from "./lib/dom.js";
import { current, onChange } from "./lib/session.js";
import { pageFor } from "./routes.js";
import { renderShell } from "./shell.js";

let cleanup = null;
let showing = 0;

// "#/action/42?x=1" -> { name: "action", args: ["42"], query: URLSearchParams }
export function parseHash(hash) {
  const text = hash.replace(/^#\/?/, "");
  const at = text.indexOf("?");
  const path = at < 0 ? text : text.slice(0, at);
  const q = at < 0 ? "" : text.slice(at + 1);
  const parts = path.split("/").filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { name: parts[0] || "", args: parts.slice(1), query: new URLSearchParams(q) };
}

export function navigate(hash) {
  if (location.hash === hash) show();
  else location.hash = hash;
}

async function show() {
  const mine = ++showing;
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.error(e);
    }
    cleanup = null;
  }
  const where = parseHash(location.hash);
  const page = pageFor(where);
  const session = current();
  if (!page.isPublic && !session) {
    // Come back here after signing in.
    sessionStorage.setItem("mig-console.after-signin", location.hash || "#/dashboard");
    navigate("#/signin");
    return;
  }
  renderShell(document.getElementById("shell"), session, where);
  const root = document.getElementById("app");
  root.replaceChildren();
  document.title = (page.title ? page.title + " · " : "") + "MIG console";
  try {
    const done = await page.render(root, where, { session, navigate });
    // The visitor may have moved on while the page loaded.
    if (mine !== showing) {
      if (typeof done === "function") done();
      return;
    }
    cleanup = typeof done === "function" ? done : null;
  } catch (e) {
    if (mine !== showing) return;
    replace(root, el("p", { class: "error", "data-testid": "page-error" }, String(e?.message || e)));
  }
}

onChange((s) => {
  if (!s) navigate("#/signin");
});
window.addEventListener("hashchange", show);
if (document.readyState === "loading") window.addEventListener("DOMContentLoaded", show);
else show();
