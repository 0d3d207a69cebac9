// #/action/new?module=NAME: the action builder. One form per module, made
// from the flag description GET /modules serves (the registration `mig
// NAME` parses its flags with); the parameters come from POST
// /module/parameters with the argv the form builds, never from JavaScript.
import { el, replace } from "../lib/dom.js";
import { sign } from "../lib/action.js";
import { saveFile } from "../lib/download.js";
import { buildArgs, defaultActionName, valuesFromArgs } from "../actions/argv.js";
import { newAction, actionFileName } from "../actions/actiondoc.js";
import { parseDuration, formatDuration } from "../actions/duration.js";
import { byteToIndex, targetError as parseTargetError } from "../lib/format.js";
import { Templates } from "../actions/templates.js";
import { createAction, moduleParameters, modules as fetchModules } from "../actions/fetch.js";
import { debounce, ensureStyles, errorText, requireSession } from "../actions/ui.js";

export const title = "New action";

const DEFAULT_TARGET = "status='online'";
const DEFAULT_EXPIRY = "5m";
const MAX_FILE_BYTES = 1 << 20;

// A signed copy of the action (lib/action.js may sign in place or return it).
export async function signed(action, signer) {
  const copy = structuredClone(action);
  const out = await sign(copy, signer);
  return out && typeof out === "object" ? out : copy;
}

export async function render(root, where, ctx) {
  ensureStyles();
  const session = requireSession(ctx);
  if (!session) return;
  const api = session.api;
  const signer = session.signer || null;
  const templates = new Templates(window.localStorage);
  let disposed = false;

  const status = el("p", { class: "muted" }, "Loading the modules…");
  replace(root, el("h2", {}, "New action"), status);
  let mods;
  try {
    mods = await fetchModules(api);
  } catch (e) {
    status.textContent = `The modules could not be read: ${errorText(e)}`;
    status.className = "error";
    return;
  }
  if (!mods.length) {
    status.textContent = "The API serves no module.";
    return;
  }
  let module = mods.find((m) => m.name === where.query.get("module")) || mods.find((m) => m.name === "file") || mods[0];

  // --- the elements that stay across module changes -----------------------
  const select = el(
    "select",
    { "data-testid": "module-select", onchange: () => switchModule(select.value) },
    mods.map((m) => el("option", { value: m.name, selected: m.name === module.name }, m.kind === "respond" ? `${m.name} (respond)` : m.name)),
  );
  const respondNote = el("div", { class: "warning", "data-testid": "respond-warning", hidden: true });
  const usage = el("pre", { class: "usage", "data-testid": "module-usage" });
  const fieldsBox = el("div", { class: "flags" });
  const paramsView = el("pre", { class: "parameters", "data-testid": "action-parameters" });
  const paramsError = el("p", { class: "error", "data-testid": "parameters-error", hidden: true });

  const nameInput = el("input", { type: "text", "data-testid": "action-name", maxlength: 2048 });
  const targetInput = el("input", { type: "text", class: "target", value: where.query.get("target") || DEFAULT_TARGET, "data-testid": "action-target", spellcheck: "false", autocomplete: "off" });
  const targetCount = el("span", { class: "count", "data-testid": "target-count" });
  const targetError = el("div", { class: "target-error", "data-testid": "target-error", hidden: true });
  const expiryInput = el("input", { type: "text", value: DEFAULT_EXPIRY, size: 8, "data-testid": "action-expiry", title: "validity: 5m, 1h, 1h30m…" });
  const expiryNote = el("span", { class: "muted" });

  const launchButton = el("button", { type: "button", class: "primary", "data-testid": "sign-launch", onclick: () => run(launch) }, "Sign and launch");
  const downloadButton = el("button", { type: "button", "data-testid": "download-action", onclick: () => run(download) }, signer ? "Sign and download" : "Download unsigned");
  const outcome = el("p", { class: "outcome", "data-testid": "launch-result", role: "status" });

  const templateName = el("input", { type: "text", placeholder: "template name", "data-testid": "template-name" });
  const templateList = el("ul", { class: "templates", "data-testid": "templates" });

  let fields = []; // { flag, read(): value, write(value) }

  replace(
    root,
    el("h2", {}, "New action"),
    el(
      "div",
      { class: "builder" },
      el(
        "section",
        { class: "builder-main" },
        el("label", { class: "field" }, el("span", {}, "Module"), select),
        respondNote,
        fieldsBox,
        el("details", { class: "usage-box", open: true }, el("summary", {}, "Module help"), usage),
        el("h3", {}, "Parameters"),
        el("p", { class: "muted" }, "As the API computes them from these flags (the same as mig MODULE would):"),
        paramsError,
        paramsView,
      ),
      el(
        "section",
        { class: "builder-side" },
        el("label", { class: "field" }, el("span", {}, "Action name"), nameInput),
        el("label", { class: "field" }, el("span", {}, "Target"), targetInput),
        el("p", {}, "Agents selected: ", targetCount),
        targetError,
        el("label", { class: "field" }, el("span", {}, "Valid for"), expiryInput, expiryNote),
        signer ? null : el("p", { class: "warning" }, "Signed in with an API key: actions cannot be signed here. Download the action and have an investigator sign it (#/sign)."),
        el("div", { class: "row" }, launchButton, downloadButton),
        outcome,
        el("h3", {}, "Templates"),
        el("div", { class: "row" }, templateName, el("button", { type: "button", "data-testid": "save-template", onclick: () => run(saveTemplate) }, "Save as template")),
        templateList,
      ),
    ),
  );
  if (!signer) launchButton.disabled = true;

  // --- the module's form -------------------------------------------------
  function switchModule(name, values = {}) {
    module = mods.find((m) => m.name === name) || module;
    select.value = module.name;
    history.replaceState(null, "", `#/action/new?module=${encodeURIComponent(module.name)}`);
    usage.textContent = String(module.usage || "");
    const respond = module.kind === "respond";
    respondNote.hidden = !respond;
    replace(
      respondNote,
      el("strong", {}, "Respond module: "),
      `${module.name} changes the endpoints. Agents need the signatures of more than one investigator for it (the ACL's "${module.name}" or "respond" entry) and refuse it if it is valid for more than 1h. `,
      "Sign and download it, then have a second investigator add their signature on the Multi-signature page.",
    );
    launchButton.classList.toggle("primary", !respond);
    downloadButton.classList.toggle("primary", respond);
    fields = (Array.isArray(module.flags) ? module.flags : []).map((f) => makeField(f, values[f.name]));
    replace(fieldsBox, fields.map((f) => f.node));
    checkExpiry();
    refreshParameters();
  }

  function makeField(flag, initial) {
    const id = `flag-${flag.name}`;
    const help = flag.help ? el("small", { class: "help" }, String(flag.help)) : null;
    const label = el("span", { class: "flag-name" }, `-${flag.name}`);
    const changed = () => refreshParameters();
    switch (flag.type) {
      case "bool": {
        const box = el("input", { type: "checkbox", "data-testid": id, onchange: changed });
        box.checked = initial === undefined ? flag.default === true : !!initial;
        return { flag, node: el("label", { class: "field flag bool" }, box, label, help), read: () => box.checked };
      }
      case "file": {
        let file = null;
        const note = el("small", { class: "muted" });
        const input = el("input", {
          type: "file",
          "data-testid": id,
          onchange: async () => {
            file = null;
            const f = input.files && input.files[0];
            if (f) {
              if (f.size > MAX_FILE_BYTES) {
                note.textContent = `${f.name} is larger than ${MAX_FILE_BYTES} bytes`;
              } else {
                file = { name: f.name, content: await f.text() };
                note.textContent = `${f.name}: ${f.size} bytes, read in the browser`;
              }
            }
            changed();
          },
        });
        return { flag, node: el("div", { class: "field flag" }, label, input, note, help), read: () => file };
      }
      case "list": {
        const inputs = el("div", { class: "list" });
        let n = 0;
        const add = (value = "") => {
          n += 1;
          const input = el("input", { type: "text", value, "data-testid": n === 1 ? id : `${id}-${n}`, oninput: changed, spellcheck: "false" });
          inputs.append(input);
          return input;
        };
        const initialList = Array.isArray(initial) && initial.length ? initial : [""];
        for (const v of initialList) add(v);
        const more = el("button", { type: "button", class: "small", "data-testid": `${id}-add`, title: "another value", onclick: () => add().focus() }, "+");
        return {
          flag,
          node: el("div", { class: "field flag" }, label, inputs, more, help),
          read: () => [...inputs.querySelectorAll("input")].map((i) => i.value),
        };
      }
      default: {
        const input = el("input", {
          type: "text",
          inputmode: flag.type === "number" ? "decimal" : null,
          value: initial ?? "",
          "data-testid": id,
          oninput: changed,
          spellcheck: "false",
        });
        return { flag, node: el("label", { class: "field flag" }, label, input, help), read: () => input.value };
      }
    }
  }

  function formArgs() {
    const values = {};
    for (const f of fields) values[f.flag.name] = f.read();
    return buildArgs(fields.map((f) => f.flag), values);
  }

  // The parameters, recomputed by the API as the form changes.
  let paramsSeq = 0;
  const refreshParameters = debounce(async () => {
    const seq = ++paramsSeq;
    try {
      const { args, files } = formArgs();
      nameInput.placeholder = defaultActionName(module.name, args);
      const p = await moduleParameters(api, module.name, args, files);
      if (seq !== paramsSeq || disposed) return;
      paramsError.hidden = true;
      paramsView.textContent = JSON.stringify(p, null, 2);
    } catch (e) {
      if (seq !== paramsSeq || disposed) return;
      paramsError.textContent = errorText(e);
      paramsError.hidden = false;
      paramsView.textContent = "";
    }
  }, 300);

  // --- target and validity ------------------------------------------------
  let countSeq = 0;
  const refreshCount = debounce(async () => {
    const seq = ++countSeq;
    const target = targetInput.value;
    targetCount.textContent = "…";
    try {
      const items = await api.get("/agent/count", { target });
      if (seq !== countSeq || disposed) return;
      const count = items[0] ? items[0].count : undefined;
      targetCount.textContent = String(count ?? "?");
      targetCount.setAttribute("data-count", String(count ?? ""));
      targetCount.title = "";
      targetError.hidden = true;
      targetInput.classList.remove("invalid");
    } catch (e) {
      if (seq !== countSeq || disposed) return;
      targetCount.textContent = "—";
      targetCount.removeAttribute("data-count");
      // 400 is the target's fault; anything else is the API's (say it, but
      // not as a syntax error).
      if (e && e.status === 400) showTargetError(target, errorText(e));
      else targetCount.title = `count unavailable: ${errorText(e)}`;
    }
  }, 350);

  function showTargetError(target, message) {
    const { message: reason, offset } = parseTargetError(message);
    targetInput.classList.add("invalid");
    targetError.hidden = false;
    if (offset === null) {
      targetError.removeAttribute("data-offset");
      replace(targetError, reason);
      return;
    }
    const i = byteToIndex(target, offset);
    targetError.setAttribute("data-offset", String(offset));
    // The target with the character at the offset marked, then the reason.
    replace(
      targetError,
      el(
        "code",
        { class: "target-echo" },
        target.slice(0, i),
        el("mark", { "data-testid": "target-error-mark" }, target.slice(i, i + 1) || " "),
        target.slice(i + 1),
      ),
      el("div", {}, reason),
    );
    if (document.activeElement !== targetInput) targetInput.setSelectionRange(i, i + 1);
  }

  function expirySeconds() {
    return parseDuration(expiryInput.value);
  }

  function checkExpiry() {
    try {
      const s = expirySeconds();
      expiryInput.classList.remove("invalid");
      expiryNote.textContent = module.kind === "respond" && s > 3600 ? " respond actions must expire within 1h" : "";
    } catch (e) {
      expiryInput.classList.add("invalid");
      expiryNote.textContent = " " + errorText(e);
    }
  }

  targetInput.addEventListener("input", refreshCount);
  expiryInput.addEventListener("input", checkExpiry);

  // --- building, signing, launching --------------------------------------
  async function buildAction({ target = targetInput.value.trim(), args: givenArgs, files: givenFiles } = {}) {
    const { args, files } = givenArgs ? { args: givenArgs, files: givenFiles || {} } : formArgs();
    if (!target) throw new Error("the target is empty");
    const seconds = expirySeconds();
    const parameters = await moduleParameters(api, module.name, args, files);
    return newAction({
      name: nameInput.value.trim() || defaultActionName(module.name, args),
      target,
      module: module.name,
      parameters,
      expirySeconds: seconds,
    });
  }

  async function launch(opts) {
    if (!signer) throw new Error("an API key session cannot sign actions");
    const action = await signed(await buildAction(opts), signer);
    outcome.textContent = "Launching…";
    const id = await createAction(api, action);
    ctx.navigate(`#/action/${encodeURIComponent(id)}`);
  }

  async function download() {
    let action = await buildAction();
    if (signer) action = await signed(action, signer);
    saveFile(actionFileName(action), "application/json", JSON.stringify(action, null, 2) + "\n");
    outcome.textContent = signer
      ? "Saved, signed by you. Another investigator adds their signature on the Multi-signature page."
      : "Saved unsigned. An investigator signs it on the Multi-signature page.";
  }

  async function saveTemplate() {
    const { args, files } = formArgs();
    templates.save({
      name: templateName.value.trim() || nameInput.value.trim() || defaultActionName(module.name, args),
      module: module.name,
      args,
      files,
      actionName: nameInput.value.trim(),
      target: targetInput.value.trim(),
      expiry: expiryInput.value.trim(),
    });
    templateName.value = "";
    showTemplates();
    outcome.textContent = "Template saved in this browser.";
  }

  function showTemplates() {
    const list = templates.list();
    if (!list.length) {
      replace(templateList, el("li", { class: "muted" }, "No template saved in this browser."));
      return;
    }
    replace(
      templateList,
      list.map((t) =>
        el(
          "li",
          { "data-testid": "template" },
          el("strong", {}, t.name),
          el("span", { class: "muted" }, ` ${t.module} ${t.args.join(" ")}`),
          el("div", { class: "row" },
            el("button", { type: "button", class: "small", "data-testid": "template-use", onclick: () => useTemplate(t) }, "edit"),
            el("button", {
              type: "button",
              class: "small",
              "data-testid": "template-launch",
              disabled: !signer,
              title: "sign and launch it now on the target above",
              onclick: () => run(async () => {
                // The template's module, flags and validity; the target now in the box.
                const target = targetInput.value.trim();
                if (!useTemplate(t)) throw new Error(`module ${t.module} is not served by the API`);
                targetInput.value = target;
                await launch({ target, args: t.args, files: t.files });
              }),
            }, "launch on this target"),
            el("button", { type: "button", class: "small", "data-testid": "template-delete", onclick: () => { templates.remove(t.name); showTemplates(); } }, "delete"),
          ),
        ),
      ),
    );
  }

  function useTemplate(t) {
    const m = mods.find((x) => x.name === t.module);
    if (!m) {
      outcome.textContent = `Module ${t.module} is not served by the API.`;
      return false;
    }
    switchModule(t.module, valuesFromArgs(m.flags || [], t.args));
    nameInput.value = t.actionName || "";
    if (t.target) targetInput.value = t.target;
    if (t.expiry) expiryInput.value = t.expiry;
    checkExpiry();
    refreshCount();
    outcome.textContent = Object.keys(t.files || {}).length
      ? `Template ${t.name} loaded; choose its files again (${Object.keys(t.files).join(", ")}) or launch it from the list.`
      : `Template ${t.name} loaded: change the target if you want, then sign and launch.`;
    return true;
  }

  let busy = false;
  async function run(fn) {
    if (busy) return;
    busy = true;
    launchButton.disabled = downloadButton.disabled = true;
    outcome.className = "outcome";
    try {
      await fn();
    } catch (e) {
      outcome.className = "outcome error";
      outcome.textContent = errorText(e);
      if (/target/.test(errorText(e))) showTargetError(targetInput.value.trim(), errorText(e));
    } finally {
      busy = false;
      launchButton.disabled = !signer;
      downloadButton.disabled = false;
    }
  }

  switchModule(module.name);
  showTemplates();
  refreshCount();
  expiryNote.textContent = expiryNote.textContent || ` (default ${formatDuration(parseDuration(DEFAULT_EXPIRY))})`;
  return () => {
    disposed = true;
    refreshParameters.cancel();
    refreshCount.cancel();
  };
}
