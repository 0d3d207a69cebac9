// #/actions?name=PATTERN: the recent actions, newest first.
import { el, replace } from "../lib/dom.js";
import { search } from "../actions/fetch.js";
import { ensureStyles, errorText, requireSession } from "../actions/ui.js";
import { when } from "../lib/format.js";

export const title = "Actions";

const COUNTERS = ["sent", "done", "inflight", "success", "failed", "timeout", "expired", "cancelled"];

export function countersText(counters) {
  if (!counters || typeof counters !== "object") return "";
  return COUNTERS.filter((k) => Number(counters[k]) > 0).map((k) => `${k} ${counters[k]}`).join(", ");
}

export async function render(root, where, ctx) {
  ensureStyles();
  const session = requireSession(ctx);
  if (!session) return;
  const name = where.query.get("name") || "";
  const box = el("input", { type: "search", value: name, placeholder: "name contains…", "data-testid": "actions-search" });
  const body = el("tbody");
  const status = el("p", { class: "muted" }, "Loading…");
  replace(
    root,
    el("h2", {}, "Actions"),
    el(
      "form",
      { class: "row", onsubmit: (e) => {
        e.preventDefault();
        const v = box.value.trim();
        ctx.navigate(v ? `#/actions?name=${encodeURIComponent(v)}` : "#/actions");
      } },
      box,
      el("button", { type: "submit" }, "search"),
      el("a", { href: "#/action/new?module=file", class: "button", "data-testid": "actions-new" }, "new action"),
    ),
    status,
    el(
      "table",
      { class: "grid", "data-testid": "actions-table" },
      el("thead", {}, el("tr", {}, ["ID", "name", "status", "counters", "valid from", "expires", "signed by"].map((h) => el("th", {}, h)))),
      body,
    ),
  );
  const params = { type: "action", limit: 100 };
  // The API's name filter is a LIKE pattern: escape its wildcards.
  if (name) params.actionname = `%${name.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
  try {
    const items = await search(session.api, params);
    const actions = items.map((i) => i.action).filter((a) => a && typeof a === "object");
    status.textContent = actions.length ? `${actions.length} most recent actions` : "No action yet.";
    replace(
      body,
      actions.map((a) =>
        el(
          "tr",
          { "data-testid": "action-row" },
          el("td", {}, el("a", { href: `#/action/${encodeURIComponent(a.id)}`, "data-testid": "action-link" }, String(a.id))),
          el("td", {}, String(a.name ?? "")),
          el("td", {}, el("span", { class: `badge badge-${String(a.status ?? "")}` }, String(a.status ?? ""))),
          el("td", {}, countersText(a.counters)),
          el("td", {}, when(a.validfrom)),
          el("td", {}, when(a.expireafter)),
          el("td", {}, (Array.isArray(a.investigators) ? a.investigators : []).map((i) => String(i.name ?? "")).join(", ")),
        ),
      ),
    );
  } catch (e) {
    status.textContent = `Actions could not be read: ${errorText(e)}`;
    status.className = "error";
  }
}
