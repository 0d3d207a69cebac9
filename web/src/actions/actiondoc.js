// Action documents (MIG's format, protocol.md section 2) as the console
// builds, relaunches and opens them. Signing is lib/action.js's.

// MIG's clients start the window a minute early for agents whose clock is
// behind (src/client/action_prepare.h).
export const VALID_FROM_SKEW_SECONDS = 60;
export const MAX_ACTION_FILE_BYTES = 1 << 20;

// RFC 3339 in UTC, whole seconds (only seconds are signed).
export function rfc3339(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

// A new unsigned action, valid from a minute ago for `expirySeconds`.
export function newAction({ name, target, module, parameters, expirySeconds, now = new Date() }) {
  return {
    name,
    target,
    description: {},
    threat: {},
    validfrom: rfc3339(new Date(now.getTime() - VALID_FROM_SKEW_SECONDS * 1000)),
    expireafter: rfc3339(new Date(now.getTime() + expirySeconds * 1000)),
    operations: [{ module, parameters }],
    pgpsignatures: null,
    syntaxversion: 2,
  };
}

// The window of an action in seconds (for a relaunch with the same length).
export function validitySeconds(action) {
  const from = Date.parse(action.validfrom), to = Date.parse(action.expireafter);
  return Number.isFinite(from) && Number.isFinite(to) && to > from ? Math.round((to - from) / 1000) : 300;
}

// A copy of an action ready to be signed again: same name, operations and
// description, a new window (and maybe a new target); everything the
// platform added (id, status, counters, investigators...) and the old
// signatures (they covered the old window) dropped.
export function relaunchAction(action, { target, expirySeconds, now = new Date() } = {}) {
  const ops = (action.operations || []).map((op) => {
    const copy = { module: op.module, parameters: op.parameters };
    if (op.is_compressed === true) copy.is_compressed = true;
    if (op.want_compressed === true) copy.want_compressed = true;
    return copy;
  });
  const seconds = expirySeconds ?? Math.max(VALID_FROM_SKEW_SECONDS + 1, validitySeconds(action) - VALID_FROM_SKEW_SECONDS);
  return {
    name: action.name,
    target: target ?? action.target,
    description: action.description || {},
    threat: action.threat || {},
    validfrom: rfc3339(new Date(now.getTime() - VALID_FROM_SKEW_SECONDS * 1000)),
    expireafter: rfc3339(new Date(now.getTime() + seconds * 1000)),
    operations: ops,
    pgpsignatures: null,
    syntaxversion: 2,
  };
}

// An action file another investigator gave us: checks its shape (what the
// API's validation would refuse, said before signing) and returns it.
export function parseActionFile(text) {
  if (typeof text !== "string") throw new Error("the file is not text");
  if (text.length > MAX_ACTION_FILE_BYTES) throw new Error(`the file is larger than ${MAX_ACTION_FILE_BYTES} bytes`);
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON: ${e.message}`);
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not an action: expected a JSON object");
  const problems = [];
  if (typeof doc.name !== "string" || doc.name === "") problems.push("name is missing");
  if (typeof doc.target !== "string" || doc.target === "") problems.push("target is missing");
  for (const key of ["validfrom", "expireafter"]) {
    if (typeof doc[key] !== "string" || !Number.isFinite(Date.parse(doc[key]))) problems.push(`${key} is not a time`);
  }
  if (!Array.isArray(doc.operations)) problems.push("operations is not a list");
  else {
    doc.operations.forEach((op, i) => {
      if (!op || typeof op !== "object" || typeof op.module !== "string" || op.module === "") {
        problems.push(`operation ${i + 1} names no module`);
      }
    });
  }
  if (doc.pgpsignatures !== null && doc.pgpsignatures !== undefined) {
    if (!Array.isArray(doc.pgpsignatures) || doc.pgpsignatures.some((s) => typeof s !== "string")) {
      problems.push("pgpsignatures is not a list of strings");
    }
  }
  if (doc.syntaxversion !== undefined && doc.syntaxversion !== 2) problems.push("syntaxversion is not 2");
  if (problems.length) throw new Error("not a valid action: " + problems.join("; "));
  return doc;
}

// What an action does, for the summary a signer reads before signing.
export function describeAction(action, now = new Date()) {
  const from = new Date(action.validfrom), to = new Date(action.expireafter);
  return {
    name: action.name,
    target: action.target,
    validfrom: rfc3339(from),
    expireafter: rfc3339(to),
    expired: to.getTime() < now.getTime(),
    operations: (action.operations || []).map((op) => ({
      module: op.module,
      parameters: op.is_compressed ? "(compressed)" : JSON.stringify(op.parameters, null, 2),
    })),
    signatures: Array.isArray(action.pgpsignatures) ? action.pgpsignatures.length : 0,
  };
}

// The file name a downloaded action gets.
export function actionFileName(action) {
  const base = String(action.name || "action").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "").slice(0, 60) || "action";
  return `${base}.json`;
}
