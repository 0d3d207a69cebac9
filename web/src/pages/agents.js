// Agents: search with a target expression (the same grammar as `mig -t`),
// a live count, the table of matching agents linking to each agent's page.
import { el, replace } from "../lib/dom.js";
import { ago, when } from "../lib/format.js";
import { targetBox } from "./target_box.js";
import { table, badge, errorBox, empty } from "./widgets.js";

export const title = "Agents";

const LIMIT = 500;

export async function render(root, where, { session, navigate }) {
  const target = where.query.get("target") || "";
  const go = (value) => navigate("#/agents" + (value ? "?target=" + encodeURIComponent(value) : ""));
  const box = targetBox({ api: session.api, value: target, ids: { input: "agent-target", count: "agent-count", error: "agent-target-error" }, onEnter: go });
  const results = el("div", { class: "results" }, el("p", { class: "muted" }, "Loading…"));
  replace(
    root,
    el("h1", {}, "Agents"),
    el(
      "form",
      { class: "search", onsubmit: (ev) => (ev.preventDefault(), go(box.input.value)) },
      el("label", { for: "agent-target-input" }, "Target"),
      box.node,
      el("div", { class: "buttons" }, el("button", { type: "submit", class: "primary", "data-testid": "agent-search" }, "Search")),
    ),
    results,
  );
  box.input.id = "agent-target-input";

  try {
    const params = { type: "agent", limit: LIMIT };
    if (target) params.target = target;
    const agents = await session.api.search(params);
    if (!agents.length) {
      replace(results, el("div", { "data-testid": "agents-table" }), empty("No agent matches."));
    } else {
      replace(
        results,
        agents.length >= LIMIT ? el("p", { class: "note" }, `Showing the first ${LIMIT} agents: narrow the target to see others.`) : null,
        table(
          "agents-table",
          [
            { label: "Name", cell: (a) => el("a", { href: `#/agent/${encodeURIComponent(a.id)}`, "data-testid": "agent-name" }, a.name || `#${a.id}`) },
            { label: "Status", cell: (a) => badge(a.status) },
            { label: "OS", cell: (a) => [a.environment?.os, a.environment?.arch].filter(Boolean).join(" / ") },
            { label: "Version", cell: (a) => a.version || "" },
            { label: "Public IP", cell: (a) => el("code", {}, a.environment?.publicip || "") },
            { label: "Last heartbeat", cell: (a) => el("span", { title: when(a.heartbeatts) }, ago(a.heartbeatts)) },
          ],
          agents,
          (a) => ({ "data-testid": "agent-row", "data-agent-id": a.id }),
        ),
      );
    }
  } catch (e) {
    if (e.status === 400) {
      box.showError(e.message);
      replace(results);
    } else replace(results, errorBox(e));
  }
  return () => box.destroy();
}
