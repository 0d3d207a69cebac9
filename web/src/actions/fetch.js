// Reads the console needs from the API, on top of lib/api.js.

// A search answers 404 "no results found" when nothing matches: that is an
// empty list, not an error.
export async function search(api, params) {
  try {
    return await api.get("/search", params);
  } catch (e) {
    if (e && e.status === 404) return [];
    throw e;
  }
}

// Every object of a search (key: "command", "action"...), page after page,
// up to max.
export async function searchAll(api, params, key, { pageSize = 1000, max = 100000 } = {}) {
  const out = [];
  for (let offset = 0; offset < max; offset += pageSize) {
    const items = await search(api, { ...params, limit: pageSize, offset });
    const objs = items.map((i) => i[key]).filter((v) => v && typeof v === "object");
    out.push(...objs);
    if (objs.length < pageSize) break;
  }
  return out;
}

// GET /geo -> {configured, type, built} or {configured: false, error}.
export async function geoStatus(api) {
  try {
    const items = await api.get("/geo");
    const geo = items[0] && items[0].geo;
    return geo && typeof geo === "object" ? geo : { configured: false };
  } catch (e) {
    return { configured: false, error: e.message || String(e) };
  }
}

// GET /agent/locations -> [agent]
export async function agentLocations(api, target) {
  const items = await api.get("/agent/locations", target ? { target } : {});
  return items.map((i) => i.agent).filter((a) => a && typeof a === "object");
}

// GET /modules -> [module description]
export async function modules(api) {
  const items = await api.get("/modules");
  return items.map((i) => i.module).filter((m) => m && typeof m.name === "string");
}

// GET /acl -> the ACL object, or null when the operator configured none.
export async function acl(api) {
  try {
    const items = await api.get("/acl");
    return items[0] ? items[0].acl ?? null : null;
  } catch (e) {
    if (e && e.status === 404) return null;
    throw e;
  }
}

// POST /action/create/ with a signed action -> the new action's ID.
export async function createAction(api, action) {
  const items = await api.post("/action/create/", { action: JSON.stringify(action) });
  for (const item of items) {
    for (const [name, value] of Object.entries(item)) {
      if (name.startsWith("action ID")) {
        if (value && value.id !== undefined) return value.id;
        return name.slice("action ID".length).trim();
      }
    }
  }
  throw new Error("the API accepted the action but did not say its ID");
}

// POST /module/parameters -> the module's parameters JSON.
export async function moduleParameters(api, module, args, files) {
  const items = await api.post("/module/parameters", {
    module,
    args: JSON.stringify(args),
    files: JSON.stringify(files || {}),
  });
  if (!items[0] || !("parameters" in items[0])) throw new Error("the API returned no parameters");
  return items[0].parameters;
}
