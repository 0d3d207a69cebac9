// #/map?target=EXPR: every agent (or those the target selects) placed by
// the geolocation of its public address.
import { el, replace } from "../lib/dom.js";
import { createMap, agentPoint } from "../map/mapview.js";
import { agentLocations, geoStatus } from "../actions/fetch.js";
import { ensureStyles, errorText, requireSession } from "../actions/ui.js";

export const title = "Map";

export async function render(root, where, ctx) {
  ensureStyles();
  const session = requireSession(ctx);
  if (!session) return;
  const api = session.api;
  const target = where.query.get("target") || "";
  const message = el("p", { class: "map-message", "data-testid": "map-message", hidden: true });
  const targetBox = el("input", { type: "text", class: "target", value: target, placeholder: "target, e.g. status='online' (empty: all agents)", "data-testid": "map-target" });
  const form = el(
    "form",
    { class: "row", onsubmit: (e) => {
      e.preventDefault();
      const q = targetBox.value.trim();
      ctx.navigate(q ? `#/map?target=${encodeURIComponent(q)}` : "#/map");
    } },
    targetBox,
    el("button", { type: "submit" }, "show"),
  );
  const holder = el("div");
  replace(root, el("h2", {}, "Map"), form, message, holder);
  const map = createMap(holder, { states: null, title: "Agents on the world map" });

  const [geo, agents] = await Promise.allSettled([geoStatus(api), agentLocations(api, target)]);
  const notes = [];
  if (geo.status === "fulfilled" && !geo.value.configured) {
    notes.push(
      geo.value.error
        ? `Geolocation is unavailable: ${geo.value.error}.`
        : "No geolocation database is configured on the API ([geo] database = FILE.mmdb), so agents cannot be placed on the map.",
    );
  }
  if (agents.status === "rejected") {
    notes.push(`Agents could not be read: ${errorText(agents.reason)}`);
  } else {
    const points = agents.value.map((a) => agentPoint(a, "agent", [a.status, a.publicip].filter(Boolean).join(" · ")));
    map.setPoints(points);
    if (agents.value.length === 0) notes.push(target ? "No agent matches this target." : "No agent has registered yet.");
  }
  if (notes.length) {
    message.textContent = notes.join(" ");
    message.hidden = false;
  }
}
