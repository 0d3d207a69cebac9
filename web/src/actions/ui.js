// Small page helpers shared by the action pages.
import { el } from "../lib/dom.js";
import { current } from "../lib/session.js";

// The console's action pages' styles, beside app.js (style-src 'self').
export function ensureStyles() {
  if (document.querySelector("link[data-actions-css]")) return;
  document.head.append(el("link", { rel: "stylesheet", href: "actions.css", "data-actions-css": true }));
}

// The session, or a redirect to the sign-in page.
export function requireSession(ctx) {
  const s = (ctx && ctx.session) || current();
  if (!s) {
    const go = (ctx && ctx.navigate) || ((h) => (location.hash = h));
    go("#/signin");
    return null;
  }
  return s;
}

export function errorText(e) {
  return (e && e.message) || String(e);
}

// Calls fn at most once per `ms` after the last call.
export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

// Calls fn once, `ms` after the first of a burst of calls: a steady stream
// of events still redraws every `ms` (a debounce would wait for a pause).
export function throttle(fn, ms) {
  let timer = null;
  const wrapped = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
  wrapped.cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  return wrapped;
}
