// The frame around every page: navigation, who is signed in, sign out.
// The administration link is there only for administrators (the API
// refuses the calls to anyone else anyway).
import { el, replace } from "./lib/dom.js";
import { signOut } from "./lib/session.js";

const LINKS = [
  ["dashboard", "#/dashboard", "Dashboard", (n) => n === "dashboard" || n === ""],
  ["agents", "#/agents", "Agents", (n) => n === "agents" || n === "agent"],
  ["map", "#/map", "Map", (n) => n === "map"],
  ["actions", "#/actions", "Actions", (n, a) => n === "actions" || (n === "action" && a[0] !== "new")],
  ["new-action", "#/action/new", "New action", (n, a) => n === "action" && a[0] === "new", { signs: true }],
  ["sign", "#/sign", "Co-sign", (n) => n === "sign", { signs: true }],
  ["admin", "#/admin", "Administration", (n) => n === "admin", { admin: true }],
];

export function renderShell(header, session, where) {
  if (!session) {
    replace(header);
    header.hidden = true;
    return;
  }
  header.hidden = false;
  const links = LINKS.filter(([, , , , need = {}]) => (!need.admin || session.isAdmin) && (!need.signs || session.signer)).map(
    ([id, href, label, active]) =>
      el("a", { href, "data-testid": "nav-" + id, class: active(where.name, where.args) ? "active" : null, "aria-current": active(where.name, where.args) ? "page" : null }, label),
  );
  const who = session.me || {};
  replace(
    header,
    el("a", { class: "brand", href: "#/dashboard" }, "MIG"),
    el("nav", { "aria-label": "Main" }, links),
    el(
      "div",
      { class: "who" },
      el(
        "span",
        { "data-testid": "whoami", title: who.pgpfingerprint ? "key " + who.pgpfingerprint : "signed in with an API key" },
        who.name || "?",
        el("span", { class: "muted" }, session.signer ? " (key)" : " (API key, read only)"),
      ),
      el(
        "button",
        {
          type: "button",
          class: "link",
          "data-testid": "signout",
          // main.js goes to #/signin when the session ends.
          onclick: () => signOut(),
        },
        "Sign out",
      ),
    ),
  );
}
