// What weight an action still lacks per operation, by the rule of
// `mig action weigh` (src/client/action_weigh.cpp, src/core/acl.cpp):
// - the entry is the module's own, else "default" (investigate modules) or
//   "respond" (respond modules: "default" never applies);
// - an entry with minimumweight < 1 is invalid;
// - a key that signed twice refuses the action;
// - each valid signer adds the weight of every investigator of the entry
//   with its fingerprint (compared without case).
export const RESPOND_MAX_VALIDITY_SECONDS = 3600;

// The ACL as the API serves it (an object, or its JSON text), with field
// names in any case as MIG reads them.
export function normalizeAcl(raw) {
  const doc = typeof raw === "string" ? JSON.parse(raw) : raw;
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("the ACL is not an object");
  const acl = {};
  for (const [module, entry] of Object.entries(doc)) {
    const e = lowerKeys(entry);
    const investigators = [];
    for (const [label, inv] of Object.entries(lowerKeys(e.investigators) || {})) {
      const i = lowerKeys(inv) || {};
      investigators.push({ label, fingerprint: String(i.fingerprint || ""), weight: Number(i.weight) || 0 });
    }
    acl[module] = { minimumweight: Number(e.minimumweight) || 0, investigators };
  }
  return acl;
}

function lowerKeys(o) {
  if (!o || typeof o !== "object" || Array.isArray(o)) return null;
  const out = {};
  for (const [k, v] of Object.entries(o)) out[k.toLowerCase()] = v;
  return out;
}

// One operation: {entry, minimum, weight, missing} or {error}.
export function tally(acl, module, fingerprints, respond) {
  const fallback = respond ? "respond" : "default";
  let entry = module;
  let e = Object.hasOwn(acl, module) ? acl[module] : undefined;
  if (!e) {
    e = Object.hasOwn(acl, fallback) ? acl[fallback] : undefined;
    if (!e) {
      return {
        error: respond
          ? `no ACL entry found for respond module ${module}, and no respond entry present (the default entry never applies to respond modules)`
          : `no ACL entry found for ${module}, and no default present`,
      };
    }
    entry = fallback;
  }
  if (e.minimumweight < 1) return { error: `invalid ACL ${entry}, weight must be > 0` };
  let weight = 0;
  const seen = new Set();
  for (const fp of fingerprints) {
    const up = fp.toUpperCase();
    if (seen.has(up)) return { error: `permission violation: key ${fp} used to sign multiple times` };
    seen.add(up);
    for (const inv of e.investigators) if (inv.fingerprint.toUpperCase() === up) weight += inv.weight;
  }
  return { entry, minimum: e.minimumweight, weight, missing: Math.max(0, e.minimumweight - weight) };
}

// Every operation of the action. validSigners: fingerprints of the
// signatures that verified. isRespond(module) -> bool. acl may be null
// (none configured): then only the signatures are counted.
export function weighAction(action, validSigners, acl, isRespond) {
  const ops = Array.isArray(action.operations) ? action.operations : [];
  const window = (Date.parse(action.expireafter) - Date.parse(action.validfrom)) / 1000;
  return ops.map((op, i) => {
    const respond = !!(isRespond && isRespond(op.module));
    const line = { index: i + 1, module: op.module, scope: respond ? "respond" : "investigate", signatures: validSigners.length };
    if (acl) Object.assign(line, tally(acl, op.module, validSigners, respond));
    if (respond && !(window <= RESPOND_MAX_VALIDITY_SECONDS)) {
      line.note = "agents refuse a respond action valid for more than their [respond] maxvalidity (1h unless configured)";
    }
    return line;
  });
}

// One line per operation, as `mig action weigh` says it.
export function weighLine(w) {
  let s = `operation ${w.index} (${w.module}, ${w.scope}): ${w.signatures} valid signature${w.signatures === 1 ? "" : "s"}`;
  if (w.error) return s + `, NOT allowed: ${w.error}`;
  if (w.minimum === undefined) return s;
  s += `, weight ${w.weight} of ${w.minimum} needed (ACL entry ${w.entry})`;
  return s + (w.missing > 0 ? `, lacks ${w.missing}: another investigator must add theirs` : ", enough");
}
