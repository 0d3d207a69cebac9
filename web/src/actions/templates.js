// Named action templates kept in the browser (localStorage): the module,
// its argv and files, the name and the validity; never a signature. A
// template is relaunched with a new target and signed again.
const KEY = "mig.console.templates";
const MAX_TEMPLATES = 200;

export class Templates {
  constructor(storage) {
    this.storage = storage;
  }

  list() {
    let doc;
    try {
      doc = JSON.parse(this.storage.getItem(KEY) || "[]");
    } catch {
      return [];
    }
    if (!Array.isArray(doc)) return [];
    return doc
      .filter((t) => t && typeof t.name === "string" && typeof t.module === "string" && Array.isArray(t.args))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name) {
    return this.list().find((t) => t.name === name) || null;
  }

  // Saves (or replaces) a template by name.
  save(t) {
    const name = String(t.name || "").trim();
    if (!name) throw new Error("a template needs a name");
    const entry = {
      name,
      module: t.module,
      args: t.args.map(String),
      files: t.files || {},
      actionName: t.actionName || "",
      target: t.target || "",
      expiry: t.expiry || "",
      parameters: t.parameters ?? null,
      savedAt: new Date().toISOString(),
    };
    const rest = this.list().filter((x) => x.name !== name);
    if (rest.length >= MAX_TEMPLATES) throw new Error(`at most ${MAX_TEMPLATES} templates`);
    this.storage.setItem(KEY, JSON.stringify([...rest, entry]));
    return entry;
  }

  remove(name) {
    this.storage.setItem(KEY, JSON.stringify(this.list().filter((x) => x.name !== name)));
  }
}
