// The console's entry point: a hash router (#/agents, #/action/42...) so
// that mig-api serves one static index.html and never has to know pages.
//
// A page module exports { title, render(root, params, ctx) }; render may be
// async and returns an optional cleanup function (called when the page is
// left: close streams, timers). ctx = { session, navigate } where session is
// the signed-in session (lib/session.js) or null on the sign-in page.
import { el, replace } from "./lib/dom.js";
import { routes } from "./routes.js";

let cleanup = null;

// "#/action/42?x=1" -> { name: "action", args: ["42"], query: URLSearchParams }
export function parseHash(hash) {
  const text = hash.replace(/^#\/?/, "");
  const [path, q = ""] = text.split("?", 2);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || "", args: parts.slice(1), query: new URLSearchParams(q) };
}

export function navigate(hash) {
  if (location.hash === hash) show();
  else location.hash = hash;
}

async function show() {
  if (cleanup) {
    try { cleanup(); } catch (e) { console.error(e); }
    cleanup = null;
  }
  const root = document.getElementById("app");
  const where = parseHash(location.hash);
  const page = routes[where.name] || routes[""];
  try {
    cleanup = (await page.render(root, where, { navigate })) || null;
  } catch (e) {
    replace(root, el("p", { class: "error", "data-testid": "page-error" }, String(e.message || e)));
  }
}

window.addEventListener("hashchange", show);
window.addEventListener("DOMContentLoaded", show);
