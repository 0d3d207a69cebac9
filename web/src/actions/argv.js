// The module form -> the argv `mig NAME` would take, and the files the
// "file" flags name. The parameters themselves are computed by the API
// (POST /module/parameters) from this argv, never here.
//
// values: flag name -> list: [strings], string/number: string,
//         bool: boolean, file: {name, content} | null
// Flags are written -NAME=VALUE so that a value starting with "-" or an
// empty value is never read as another flag.
export function buildArgs(flags, values) {
  const args = [];
  const files = {};
  for (const flag of flags) {
    const v = values[flag.name];
    switch (flag.type) {
      case "list":
        for (const item of Array.isArray(v) ? v : []) {
          if (typeof item === "string" && item !== "") args.push(`-${flag.name}=${item}`);
        }
        break;
      case "string":
      case "number":
        if (typeof v === "string" && v.trim() !== "") args.push(`-${flag.name}=${flag.type === "number" ? v.trim() : v}`);
        break;
      case "bool":
        // Unchecked leaves the module's default, unless that default is
        // true (then it must be said).
        if (v === true && flag.default !== true) args.push(`-${flag.name}`);
        else if (v === false && flag.default === true) args.push(`-${flag.name}=false`);
        break;
      case "file":
        if (v && typeof v.name === "string" && typeof v.content === "string") {
          let key = v.name || flag.name;
          if (key in files && files[key] !== v.content) key = `${flag.name}:${key}`;
          files[key] = v.content;
          args.push(`-${flag.name}=${key}`);
        }
        break;
      default:
        throw new Error(`flag ${flag.name}: unknown type ${flag.type}`);
    }
  }
  return { args, files };
}

// The name `mig` gives an action by default: the module and its arguments,
// cut at 100 characters.
export function defaultActionName(module, args) {
  let name = module;
  for (const a of args) {
    if (name.length >= 100) break;
    name += " " + a;
  }
  return name.length > 100 ? name.slice(0, 100) : name;
}

// Back from argv to form values (a template's saved argv refills the form).
export function valuesFromArgs(flags, args) {
  const byName = new Map(flags.map((f) => [f.name, f]));
  const values = {};
  for (const a of args) {
    const m = /^--?([^=]+)(?:=([\s\S]*))?$/.exec(a);
    if (!m) continue;
    const flag = byName.get(m[1]);
    if (!flag) continue;
    const v = m[2];
    if (flag.type === "list") (values[flag.name] ||= []).push(v ?? "");
    else if (flag.type === "bool") values[flag.name] = v === undefined || v === "true";
    else if (flag.type !== "file") values[flag.name] = v ?? "";
  }
  return values;
}
