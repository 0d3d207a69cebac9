// Dashboard: how many agents are online, idle and offline, and the latest
// actions with their status and counters, refreshed every few seconds.
import { el, replace } from "../lib/dom.js";
import { when } from "../lib/format.js";
import { table, badge, errorBox, empty, every } from "./widgets.js";

export const title = "Dashboard";

const REFRESH_MS = 5000;
const STATUSES = ["online", "idle", "offline"];

// Live counts by status from /agent/count; the scheduler's periodic
// statistics of /dashboard when that endpoint is refused or missing.
async function agentCounts(api, stats) {
  const counts = await Promise.allSettled(STATUSES.map((s) => api.get("/agent/count", { target: `status='${s}'` })));
  const out = {};
  STATUSES.forEach((s, i) => {
    const r = counts[i];
    const item = r.status === "fulfilled" ? r.value.find((x) => x.count !== undefined) : null;
    if (item) out[s] = item.count;
    else if (stats && stats[s + " agents"] !== undefined) out[s] = stats[s + " agents"];
    else out[s] = null;
  });
  return out;
}

function counters(a) {
  const c = a.counters || {};
  const parts = [];
  for (const k of ["sent", "done", "inflight", "success", "failed", "expired", "cancelled", "timeout"]) {
    if (c[k]) parts.push(`${k} ${c[k]}`);
  }
  return parts.join(" · ") || "—";
}

function actionsTable(actions) {
  if (!actions.length) return el("div", { "data-testid": "recent-actions" }, empty("No action yet."));
  return el(
    "div",
    { "data-testid": "recent-actions" },
    table(
      "recent-actions-table",
      [
        { label: "Action", cell: (a) => el("a", { href: `#/action/${encodeURIComponent(a.id)}` }, a.name || `#${a.id}`) },
        { label: "Status", cell: (a) => badge(a.status) },
        { label: "Commands", cell: (a) => counters(a) },
        { label: "Target", cell: (a) => el("code", {}, a.target || ""), class: "wrap" },
        { label: "Valid from", cell: (a) => when(a.validfrom) },
      ],
      actions,
      (a) => ({ "data-action-id": a.id }),
    ),
  );
}

export function render(root, where, { session }) {
  const tiles = {};
  for (const s of STATUSES) tiles[s] = el("strong", { "data-testid": "dash-" + s, class: "count" }, "…");
  const recent = el("div", { "data-testid": "recent-actions" }, el("p", { class: "muted" }, "Loading…"));
  const problem = el("div");
  const updated = el("p", { class: "muted small" });
  replace(
    root,
    el("h1", {}, "Dashboard"),
    el(
      "section",
      { class: "tiles" },
      STATUSES.map((s) => el("a", { class: "tile tile-" + s, href: `#/agents?target=${encodeURIComponent(`status='${s}'`)}` }, tiles[s], el("span", {}, `agents ${s}`))),
    ),
    problem,
    el("h2", {}, "Recent actions"),
    recent,
    updated,
  );
  let stale = recent;
  return every(REFRESH_MS, async () => {
    try {
      const found = await session.api.get("/dashboard");
      const stats = found.find((i) => i["online agents"] !== undefined) || null;
      const counts = await agentCounts(session.api, stats);
      for (const s of STATUSES) tiles[s].textContent = counts[s] === null ? "—" : String(counts[s]);
      const actions = found.filter((i) => i.action).map((i) => i.action);
      const next = actionsTable(actions);
      stale.replaceWith(next);
      stale = next;
      replace(problem);
      updated.textContent = "Updated " + new Date().toLocaleTimeString() + ", every " + REFRESH_MS / 1000 + " s.";
    } catch (e) {
      replace(problem, errorBox(e, "dashboard-error"));
    }
  });
}
