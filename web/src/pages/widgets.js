// Pieces several pages share: tables, status badges, loading and errors.
import { el } from "../lib/dom.js";

// columns: [{label, cell(row) -> node|text, class?}]
export function table(testid, columns, rows, rowAttrs = () => ({})) {
  return el(
    "table",
    { "data-testid": testid, class: "grid" },
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", { class: c.class }, c.label)))),
    el(
      "tbody",
      {},
      rows.map((r) => el("tr", rowAttrs(r), columns.map((c) => el("td", { class: c.class }, c.cell(r))))),
    ),
  );
}

export function badge(status) {
  const s = String(status ?? "");
  return el("span", { class: "badge badge-" + s.replace(/[^a-z]/g, "") }, s || "?");
}

export function errorBox(e, testid = "page-error") {
  return el("p", { class: "error", role: "alert", "data-testid": testid }, String(e?.message || e));
}

export function empty(text) {
  return el("p", { class: "muted empty" }, text);
}

// Repeats fn every `ms` while the page is shown (no overlap: the next run
// waits for the previous one); returns the stop function pages hand back.
export function every(ms, fn) {
  let stopped = false;
  let timer = null;
  const loop = async () => {
    if (stopped) return;
    try {
      await fn();
    } catch (e) {
      console.error(e);
    }
    if (!stopped) timer = setTimeout(loop, ms);
  };
  loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
