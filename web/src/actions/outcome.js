// What one agent's command says, in the four words of the map's legend:
//   found    the command succeeded and a module found something
//   nothing  the command succeeded and found nothing
//   error    the agent refused or failed the command (failed, timeout), or
//            a module reported it could not do its work (success: false)
//   noanswer no result came back (still sent, expired, cancelled, unknown)
export const OUTCOMES = ["found", "nothing", "error", "noanswer"];

export const OUTCOME_LABELS = {
  found: "found",
  nothing: "nothing found",
  error: "error",
  noanswer: "no answer",
};

export function commandOutcome(command) {
  const status = command && typeof command.status === "string" ? command.status : "";
  if (status === "failed" || status === "timeout") return "error";
  if (status !== "success") return "noanswer";
  const results = Array.isArray(command.results) ? command.results : [];
  if (results.some((r) => r && r.foundanything === true)) return "found";
  if (results.some((r) => r && r.success === false)) return "error";
  return "nothing";
}

// Counts per outcome: { found: N, nothing: N, error: N, noanswer: N }.
export function countOutcomes(commands) {
  const counts = { found: 0, nothing: 0, error: 0, noanswer: 0 };
  for (const c of commands) counts[commandOutcome(c)] += 1;
  return counts;
}

// The errors the modules reported, one string per error, in order.
export function commandErrors(command) {
  const out = [];
  const results = Array.isArray(command && command.results) ? command.results : [];
  for (const r of results) {
    if (r && Array.isArray(r.errors)) for (const e of r.errors) out.push(String(e));
  }
  return out;
}
