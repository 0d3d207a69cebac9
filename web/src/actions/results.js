// Commands -> rows of the results table (and of its CSV and JSON exports).
// The file module gets one row per file found (path and metadata); any other
// module one row per command with its elements as compact JSON. A command
// that found nothing still has its row, so every agent shows up.
import { commandErrors, commandOutcome } from "./outcome.js";

export const FILE_COLUMNS = [
  { key: "agent", label: "agent" },
  { key: "outcome", label: "outcome" },
  { key: "status", label: "status" },
  { key: "search", label: "search" },
  { key: "path", label: "path" },
  { key: "size", label: "size" },
  { key: "mode", label: "mode" },
  { key: "lastmodified", label: "last modified" },
  { key: "sha256", label: "sha256" },
  { key: "errors", label: "errors" },
];

export const GENERIC_COLUMNS = [
  { key: "agent", label: "agent" },
  { key: "outcome", label: "outcome" },
  { key: "status", label: "status" },
  { key: "found", label: "found" },
  { key: "errors", label: "errors" },
];

export function columnsFor(module) {
  return module === "file" ? FILE_COLUMNS : GENERIC_COLUMNS;
}

function base(command) {
  const agent = (command && command.agent) || {};
  return {
    agent: typeof agent.name === "string" ? agent.name : "",
    agentid: agent.id ?? "",
    commandid: command.id ?? "",
    outcome: commandOutcome(command),
    status: typeof command.status === "string" ? command.status : "",
    errors: commandErrors(command).join("; "),
  };
}

// The files of one file-module result: entries with an empty "file" are
// the module's placeholders for searches that matched nothing.
function foundFiles(result) {
  const out = [];
  const elements = result && result.elements;
  if (!elements || typeof elements !== "object" || Array.isArray(elements)) return out;
  for (const label of Object.keys(elements).sort()) {
    const list = elements[label];
    if (!Array.isArray(list)) continue;
    for (const m of list) {
      if (!m || typeof m.file !== "string" || m.file === "") continue;
      const info = m.fileinfo && typeof m.fileinfo === "object" ? m.fileinfo : {};
      out.push({
        search: label,
        path: m.file,
        size: info.size ?? "",
        mode: info.mode ?? "",
        lastmodified: info.lastmodified ?? "",
        sha256: info.sha256 ?? "",
      });
    }
  }
  return out;
}

export function commandRows(command, module) {
  const b = base(command);
  const results = Array.isArray(command.results) ? command.results : [];
  if (module === "file") {
    const files = results.flatMap(foundFiles);
    if (files.length === 0) {
      return [{ ...b, search: "", path: "", size: "", mode: "", lastmodified: "", sha256: "" }];
    }
    return files.map((f) => ({ ...b, ...f }));
  }
  const found = results
    .filter((r) => r && r.elements !== null && r.elements !== undefined)
    .map((r) => JSON.stringify(r.elements));
  return [{ ...b, found: b.status === "success" ? found.join(" ") : "" }];
}

export function resultRows(commands, module) {
  return commands.flatMap((c) => commandRows(c, module));
}

// Rows restricted to columns, for the JSON export (the same fields as the
// table and the CSV, plus the IDs).
export function exportRecords(rows, columns) {
  const keys = ["agentid", "commandid", ...columns.map((c) => c.key)];
  return rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] ?? ""])));
}
