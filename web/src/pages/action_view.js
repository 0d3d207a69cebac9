// #/action/ID: an action's status and counters, its results arriving live
// (the follow stream), a filterable results table exported whole (CSV,
// JSON, OCSF), the map of its agents coloured by outcome, relaunch, cancel.
import { el, replace } from "../lib/dom.js";
import { toCsv } from "../lib/csv.js";
import { saveFile } from "../lib/download.js";
import { errorMessage } from "../lib/cljs.js";
import { createMap, agentPoint } from "../map/mapview.js";
import { OUTCOMES, OUTCOME_LABELS, commandOutcome, countOutcomes } from "../actions/outcome.js";
import { columnsFor, exportRecords, resultRows } from "../actions/results.js";
import { filterRows } from "../actions/filter.js";
import { relaunchAction, validitySeconds, VALID_FROM_SKEW_SECONDS } from "../actions/actiondoc.js";
import { parseDuration, formatDuration } from "../actions/duration.js";
import { agentLocations, createAction, geoStatus, searchAll } from "../actions/fetch.js";
import { debounce, throttle, ensureStyles, errorText, requireSession } from "../actions/ui.js";
import { when } from "../lib/format.js";
import { countersText } from "./actions.js";
import { signed } from "./action_new.js";

export const title = "Action";

const PAGE_ROWS = 200;
const FINISHED = new Set(["completed", "expired", "cancelled", "invalid", "done"]);

export async function render(root, where, ctx) {
  ensureStyles();
  const session = requireSession(ctx);
  if (!session) return;
  const api = session.api;
  const id = where.args[0];
  if (!/^\d+$/.test(id || "")) {
    replace(root, el("p", { class: "error" }, "Not an action ID."));
    return;
  }
  let disposed = false;
  let closeFollow = null;

  const statusBox = el("div", { class: "action-status", "data-testid": "action-status" }, "Loading…");
  replace(root, el("h2", {}, `Action ${id}`), statusBox);

  let action;
  try {
    const items = await api.get("/action", { actionid: id });
    action = items[0] && items[0].action;
    if (!action) throw new Error("the API returned no action");
  } catch (e) {
    statusBox.textContent = `The action could not be read: ${errorText(e)}`;
    statusBox.className = "error";
    return;
  }
  const ops = Array.isArray(action.operations) ? action.operations : [];
  const modulesUsed = [...new Set(ops.map((o) => o.module))];
  const module = modulesUsed.length === 1 ? modulesUsed[0] : "";
  const columns = columnsFor(module);

  // --- state --------------------------------------------------------------
  const commands = new Map(); // command id -> command
  let rows = [];
  let filtered = [];
  let shown = PAGE_ROWS;
  let locations = null; // agent id -> agent of /agent/locations

  // --- elements -----------------------------------------------------------
  const heading = el("h2", {}, `Action ${id}: `, String(action.name ?? ""));
  const outcomesBox = el("div", { class: "outcomes", "data-testid": "action-outcomes" });
  const filterInput = el("input", { type: "search", placeholder: "filter: words, or column:text (outcome:found path:/etc)", "data-testid": "results-filter", class: "filter" });
  const rowsNote = el("span", { class: "muted", "data-testid": "results-count" });
  const thead = el("thead", {}, el("tr", {}, columns.map((c) => el("th", {}, c.label))));
  const tbody = el("tbody");
  const more = el("button", { type: "button", class: "small", hidden: true, "data-testid": "results-more", onclick: () => { shown += PAGE_ROWS; drawTable(); } });
  const message = el("p", { class: "outcome", role: "status", "data-testid": "action-message" });
  const mapHolder = el("div");
  const mapMessage = el("p", { class: "map-message", "data-testid": "map-message", hidden: true });

  const relTarget = el("input", { type: "text", class: "target", value: String(action.target ?? ""), "data-testid": "relaunch-target", spellcheck: "false" });
  const relExpiry = el("input", { type: "text", size: 8, value: formatDuration(Math.max(1, validitySeconds(action) - VALID_FROM_SKEW_SECONDS)), "data-testid": "relaunch-expiry" });
  const relaunchButton = el("button", { type: "button", "data-testid": "relaunch", disabled: !session.signer, onclick: () => relaunch() }, "Sign and relaunch");
  const cancelButton = el("button", { type: "button", class: "danger", "data-testid": "cancel-action", onclick: () => cancel() }, "Cancel action");

  replace(
    root,
    heading,
    statusBox,
    outcomesBox,
    el(
      "div",
      { class: "row actions-bar" },
      cancelButton,
      el("span", { class: "sep" }),
      el("label", {}, "target ", relTarget),
      el("label", {}, "valid for ", relExpiry),
      relaunchButton,
    ),
    message,
    el("h3", {}, "Results"),
    el(
      "div",
      { class: "row" },
      filterInput,
      rowsNote,
      el("button", { type: "button", "data-testid": "export-csv", onclick: () => exportCsv() }, "CSV"),
      el("button", { type: "button", "data-testid": "export-json", onclick: () => exportJson() }, "JSON"),
      el("button", { type: "button", "data-testid": "export-ocsf", title: "every finding of the action, as OCSF lines (mig -o ocsf)", onclick: () => exportOcsf() }, "OCSF"),
    ),
    el("div", { class: "table-wrap" }, el("table", { class: "grid results", "data-testid": "results-table" }, thead, tbody)),
    more,
    el("h3", {}, "Map"),
    mapMessage,
    mapHolder,
  );
  const map = createMap(mapHolder, { states: OUTCOMES, title: "Agents of the action, coloured by outcome" });

  // --- drawing ------------------------------------------------------------
  function drawStatus() {
    const c = action.counters || {};
    replace(
      statusBox,
      el("span", { class: `badge badge-${String(action.status ?? "")}`, "data-testid": "action-state" }, String(action.status ?? "unknown")),
      " ",
      el("span", { "data-testid": "action-counters" }, countersText(c) || "no command yet"),
      el("div", { class: "muted" },
        `module ${modulesUsed.join(", ") || "(none)"} · target `, el("code", {}, String(action.target ?? "")),
        ` · valid ${when(action.validfrom)} → ${when(action.expireafter)}`,
        Array.isArray(action.investigators) && action.investigators.length
          ? ` · signed by ${action.investigators.map((i) => String(i.name ?? "")).join(", ")}` : "",
      ),
    );
    cancelButton.disabled = FINISHED.has(action.status);
  }

  function drawOutcomes() {
    const counts = countOutcomes([...commands.values()]);
    replace(
      outcomesBox,
      OUTCOMES.map((o) =>
        el("span", { class: "legend-item", "data-testid": `outcome-${o}`, "data-count": counts[o] }, el("span", { class: `swatch state-${o}` }), `${OUTCOME_LABELS[o]}: ${counts[o]}`),
      ),
    );
  }

  function drawTable() {
    filtered = filterRows(rows, filterInput.value, columns);
    const page = filtered.slice(0, shown);
    replace(
      tbody,
      page.map((r) =>
        el(
          "tr",
          { "data-testid": "result-row", class: `outcome-${r.outcome}` },
          columns.map((c) => {
            if (c.key === "agent") {
              return el("td", {}, r.agentid !== "" ? el("a", { href: `#/agent/${encodeURIComponent(r.agentid)}` }, r.agent) : r.agent);
            }
            if (c.key === "outcome") return el("td", {}, el("span", { class: `badge state-${r.outcome}` }, OUTCOME_LABELS[r.outcome]));
            return el("td", { class: c.key === "found" ? "json" : null }, String(r[c.key] ?? ""));
          }),
        ),
      ),
    );
    rowsNote.textContent = filtered.length === rows.length ? `${rows.length} rows` : `${filtered.length} of ${rows.length} rows`;
    more.hidden = filtered.length <= shown;
    more.textContent = `show ${Math.min(PAGE_ROWS, filtered.length - shown)} more`;
  }

  function drawMap() {
    if (!locations) return;
    const points = [];
    for (const cmd of commands.values()) {
      const agentId = cmd.agent && cmd.agent.id;
      const agent = locations.get(String(agentId)) || { id: agentId, name: cmd.agent && cmd.agent.name, location: null };
      points.push(agentPoint(agent, commandOutcome(cmd), `command ${cmd.id}: ${cmd.status}`));
    }
    map.setPoints(points);
  }

  const redraw = throttle(() => {
    if (disposed) return;
    const list = [...commands.values()].sort((a, b) => String(a.agent?.name ?? "").localeCompare(String(b.agent?.name ?? ""), undefined, { numeric: true }) || Number(a.id) - Number(b.id));
    rows = resultRows(list, module);
    drawOutcomes();
    drawTable();
    drawMap();
  }, 150);

  filterInput.addEventListener("input", debounce(() => { shown = PAGE_ROWS; drawTable(); }, 150));

  // --- exports: every filtered row, not the page shown --------------------
  function exportCsv() {
    const cols = [{ key: "agentid", label: "agent id" }, { key: "commandid", label: "command id" }, ...columns];
    saveFile(`action-${id}-results.csv`, "text/csv", toCsv(exportRecords(filtered, columns), cols));
  }
  function exportJson() {
    saveFile(`action-${id}-results.json`, "application/json", JSON.stringify(exportRecords(filtered, columns), null, 2) + "\n");
  }
  async function exportOcsf() {
    message.className = "outcome";
    try {
      const res = await api.raw("/action/findings", { actionid: id, format: "ocsf" });
      const text = await res.text();
      if (!res.ok) {
        let why = `HTTP ${res.status}`;
        try { why = errorMessage(JSON.parse(text)) || why; } catch { /* not C+J */ }
        throw new Error(why);
      }
      saveFile(`action-${id}-findings.ocsf.ndjson`, "application/x-ndjson", text);
      message.textContent = text ? `${text.split("\n").filter(Boolean).length} OCSF findings saved.` : "The action has no finding (saved an empty file).";
    } catch (e) {
      message.className = "outcome error";
      message.textContent = `OCSF export failed: ${errorText(e)}`;
    }
  }

  // --- relaunch and cancel -----------------------------------------------
  async function relaunch() {
    message.className = "outcome";
    relaunchButton.disabled = true;
    try {
      const fresh = relaunchAction(action, { target: relTarget.value.trim() || action.target, expirySeconds: parseDuration(relExpiry.value) });
      const newId = await createAction(api, await signed(fresh, session.signer));
      ctx.navigate(`#/action/${encodeURIComponent(newId)}`);
    } catch (e) {
      message.className = "outcome error";
      message.textContent = `Relaunch failed: ${errorText(e)}`;
    } finally {
      relaunchButton.disabled = !session.signer;
    }
  }

  async function cancel() {
    message.className = "outcome";
    cancelButton.disabled = true;
    try {
      await api.post("/action/cancel/", { actionid: id });
      message.textContent = "Action cancelled.";
      await reloadAction();
      await loadCommands();
    } catch (e) {
      message.className = "outcome error";
      message.textContent = `Cancel failed: ${errorText(e)}`;
      cancelButton.disabled = FINISHED.has(action.status);
    }
  }

  // --- data ---------------------------------------------------------------
  async function reloadAction() {
    const items = await api.get("/action", { actionid: id });
    if (items[0] && items[0].action) action = items[0].action;
    drawStatus();
  }

  async function loadCommands() {
    const list = await searchAll(api, { type: "command", actionid: id }, "command");
    for (const c of list) commands.set(String(c.id), c);
    redraw();
  }

  // Polls when the stream is not available (or broke) until the action ends.
  let pollTimer = null;
  function poll() {
    if (pollTimer || disposed) return;
    pollTimer = setInterval(async () => {
      if (disposed) return;
      try {
        await reloadAction();
        await loadCommands();
        if (FINISHED.has(action.status)) {
          clearInterval(pollTimer);
          pollTimer = null;
        }
      } catch { /* try again at the next tick */ }
    }, 5000);
  }

  // lib/api.js follow: onEvent(type, value), value parsed from JSON.
  function onEvent(type, data) {
    if (disposed) return;
    if (type === "error") {
      if (!FINISHED.has(action.status)) {
        message.textContent = `Live results interrupted (${(data && data.message) || "stream closed"}); checking every 5 s instead.`;
        poll();
      }
      return;
    }
    if (!data || typeof data !== "object") return;
    if (type === "command" && data.id !== undefined) {
      commands.set(String(data.id), data);
      redraw();
    } else if (type === "action") {
      action = { ...action, ...data };
      drawStatus();
    } else if (type === "end") {
      if (data.status) action = { ...action, status: data.status };
      drawStatus();
      // The last commands may have landed between two checks of the stream.
      loadCommands().catch(() => {});
    }
  }

  drawStatus();
  drawOutcomes();
  drawTable();
  try {
    await loadCommands();
  } catch (e) {
    message.className = "outcome error";
    message.textContent = `Results could not be read: ${errorText(e)}`;
  }
  if (!FINISHED.has(action.status)) {
    try {
      closeFollow = api.follow(id, onEvent);
    } catch (e) {
      message.textContent = `Live results unavailable (${errorText(e)}); checking every 5 s.`;
      poll();
    }
  }
  geoStatus(api).then((geo) => {
    if (disposed || geo.configured) return;
    mapMessage.textContent = geo.error
      ? `Geolocation is unavailable: ${geo.error}.`
      : "No geolocation database is configured on the API ([geo] database = FILE.mmdb), so agents cannot be placed on the map.";
    mapMessage.hidden = false;
  });
  agentLocations(api)
    .then((list) => {
      if (disposed) return;
      locations = new Map(list.map((a) => [String(a.id), a]));
      drawMap();
    })
    .catch((e) => {
      mapMessage.textContent = `Agent locations unavailable: ${errorText(e)}`;
      mapMessage.hidden = false;
      locations = new Map();
      drawMap();
    });

  return () => {
    disposed = true;
    redraw.cancel();
    if (typeof closeFollow === "function") closeFollow();
    if (pollTimer) clearInterval(pollTimer);
  };
}
