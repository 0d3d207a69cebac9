// One agent: identity, environment, tags, last heartbeat, and the commands
// it received lately (GET /search?type=command&agentid=).
import { el, replace } from "../lib/dom.js";
import { ago, when } from "../lib/format.js";
import { table, badge, errorBox, empty } from "./widgets.js";

export const title = "Agent";

const COMMANDS = 50;

function value(v) {
  if (v === undefined || v === null || v === "") return el("span", { class: "muted" }, "—");
  if (Array.isArray(v)) return v.length ? el("ul", { class: "plain" }, v.map((x) => el("li", {}, typeof x === "object" ? JSON.stringify(x) : String(x)))) : el("span", { class: "muted" }, "none");
  if (typeof v === "object") return el("code", {}, JSON.stringify(v));
  if (typeof v === "boolean") return v ? "yes" : "no";
  return String(v);
}

function pairs(list) {
  return el("dl", { class: "pairs" }, list.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v instanceof Node ? v : value(v))]));
}

function tagList(tags) {
  if (!tags || (typeof tags === "object" && !Object.keys(tags).length)) return el("p", { class: "muted" }, "No tags.");
  if (Array.isArray(tags)) {
    // MIG's agents send [{"name":..,"value":..}]; others an object.
    return pairs(tags.map((t) => (t && typeof t === "object" && "name" in t ? [String(t.name), t.value] : ["", t])));
  }
  if (typeof tags === "object") return pairs(Object.entries(tags));
  return el("p", {}, String(tags));
}

export async function render(root, where, { session }) {
  const id = where.args[0] || "";
  if (!/^\d+$/.test(id)) {
    replace(root, errorBox(new Error(`'${id}' is not an agent ID`)));
    return;
  }
  replace(root, el("p", { class: "muted" }, "Loading…"));
  const found = await session.api.get("/agent", { agentid: id });
  const a = found.find((i) => i.agent)?.agent;
  if (!a) throw new Error(`agent ${id} not found`);
  const env = a.environment || {};
  const commands = el("div", { "data-testid": "agent-commands" }, el("p", { class: "muted" }, "Loading…"));
  replace(
    root,
    el("p", { class: "crumbs" }, el("a", { href: "#/agents" }, "Agents"), " / "),
    el("h1", {}, a.name || `Agent ${a.id}`, " ", badge(a.status)),
    el(
      "section",
      { "data-testid": "agent-detail", class: "columns" },
      el(
        "div",
        { class: "card" },
        el("h2", {}, "Agent"),
        pairs([
          ["ID", a.id],
          ["Name", a.name],
          ["Status", a.status],
          ["Last heartbeat", el("span", { "data-testid": "agent-heartbeat", title: when(a.heartbeatts) }, `${ago(a.heartbeatts)} (${when(a.heartbeatts)})`)],
          ["Started", when(a.starttime)],
          ["Version", a.version],
          ["Mode", a.mode],
          ["Queue", el("code", {}, a.queueloc || "")],
          ["PID", a.pid],
          ["Authorized", a.authorized],
        ]),
      ),
      el(
        "div",
        { class: "card" },
        el("h2", {}, "Environment"),
        pairs([
          ["OS", env.os],
          ["Architecture", env.arch],
          ["Distribution", env.ident],
          ["Init", env.init],
          ["Public IP", env.publicip],
          ["Addresses", env.addresses],
          ["Proxied", env.isproxied ? `yes (${env.proxy || "?"})` : "no"],
          ["Modules", env.modules],
        ]),
        el("h2", {}, "Tags"),
        el("div", { "data-testid": "agent-tags" }, tagList(a.tags)),
      ),
    ),
    el("h2", {}, "Recent commands"),
    commands,
  );
  try {
    const list = await session.api.search({ type: "command", agentid: id, limit: COMMANDS });
    list.sort((x, y) => String(y.starttime || "").localeCompare(String(x.starttime || "")));
    if (!list.length) replace(commands, empty("No command sent to this agent yet."));
    else
      replace(
        commands,
        table(
          "agent-commands-table",
          [
            { label: "Action", cell: (c) => el("a", { href: `#/action/${encodeURIComponent(c.action?.id ?? "")}` }, c.action?.name || `#${c.action?.id}`) },
            { label: "Command", cell: (c) => String(c.id) },
            { label: "Status", cell: (c) => badge(c.status) },
            { label: "Started", cell: (c) => when(c.starttime) },
            { label: "Finished", cell: (c) => when(c.finishtime) },
          ],
          list,
          (c) => ({ "data-testid": "command-row" }),
        ),
      );
  } catch (e) {
    replace(commands, errorBox(e, "agent-commands-error"));
  }
}
