// #/sign: multi-signature. A second investigator opens an action file
// (unsigned or partly signed), sees what it does, who signed it (each
// signature verified here against the investigators' public keys the API
// serves), what weight each operation still lacks in the agents' ACL (the
// rule of `mig action weigh`), adds a signature, and launches or downloads.
import { el, replace } from "../lib/dom.js";
import { appendSignature, signingString } from "../lib/action.js";
import { saveFile } from "../lib/download.js";
import { parseActionFile, describeAction, actionFileName } from "../actions/actiondoc.js";
import { normalizeAcl, weighAction, weighLine } from "../actions/weigh.js";
import { verifyOneLine, signatureIssuers } from "../actions/verify.js";
import { acl as fetchAcl, createAction, modules as fetchModules, search } from "../actions/fetch.js";
import { ensureStyles, errorText, requireSession } from "../actions/ui.js";
import { when } from "../lib/format.js";

export const title = "Multi-signature";

export async function render(root, where, ctx) {
  ensureStyles();
  const session = requireSession(ctx);
  if (!session) return;
  const api = session.api;
  const signer = session.signer || null;
  let action = null;
  let disposed = false;

  const fileInput = el("input", { type: "file", accept: ".json,application/json", "data-testid": "action-file", onchange: () => open() });
  const fileError = el("p", { class: "error", "data-testid": "action-file-error", hidden: true });
  const summary = el("section", { class: "summary", "data-testid": "action-summary", hidden: true });
  const sigList = el("ul", { class: "signatures", "data-testid": "signatures" });
  const weight = el("div", { class: "weight", "data-testid": "weight-missing" });
  const addButton = el("button", { type: "button", class: "primary", "data-testid": "add-signature", disabled: true, onclick: () => add() }, "Add my signature");
  const launchButton = el("button", { type: "button", "data-testid": "launch-signed", disabled: true, onclick: () => launch() }, "Launch");
  const downloadButton = el("button", { type: "button", "data-testid": "download-signed", disabled: true, onclick: () => download() }, "Download");
  const message = el("p", { class: "outcome", role: "status", "data-testid": "sign-message" });
  const work = el(
    "section",
    { hidden: true },
    el("h3", {}, "Signatures"),
    sigList,
    el("h3", {}, "Weight in the agents' ACL"),
    weight,
    el("div", { class: "row" }, addButton, launchButton, downloadButton),
    message,
  );

  replace(
    root,
    el("h2", {}, "Multi-signature"),
    el("p", { class: "muted" }, "Open an action another investigator saved (unsigned or partly signed): check what it does, add your signature, then launch it or pass it on."),
    el("label", { class: "field" }, el("span", {}, "Action file"), fileInput),
    fileError,
    summary,
    work,
  );
  if (!signer) {
    root.append(el("p", { class: "warning" }, "Signed in with an API key: you can inspect actions here but not sign them."));
  }

  // What the page needs besides the file, read once.
  const context = Promise.allSettled([fetchModules(api), fetchAcl(api), search(api, { type: "investigator", limit: 1000 })]).then(
    ([mods, aclDoc, invs]) => ({
      respond: new Set(mods.status === "fulfilled" ? mods.value.filter((m) => m.kind === "respond").map((m) => m.name) : []),
      modulesError: mods.status === "rejected" ? errorText(mods.reason) : "",
      acl: aclDoc.status === "fulfilled" && aclDoc.value ? safeAcl(aclDoc.value) : null,
      aclError: aclDoc.status === "rejected" ? errorText(aclDoc.reason) : "",
      investigators: invs.status === "fulfilled" ? invs.value.map((i) => i.investigator).filter((i) => i && i.pgpfingerprint) : [],
      investigatorsError: invs.status === "rejected" ? errorText(invs.reason) : "",
    }),
  );
  const keyCache = new Map(); // fingerprint -> armored key | null

  function safeAcl(doc) {
    try {
      return normalizeAcl(doc);
    } catch {
      return null;
    }
  }

  async function publicKey(fp) {
    if (!keyCache.has(fp)) {
      let armored = null;
      try {
        const res = await api.raw(`/publickey/${encodeURIComponent(fp)}`);
        if (res.ok) armored = await res.text();
      } catch { /* unknown key */ }
      keyCache.set(fp, armored);
    }
    return keyCache.get(fp);
  }

  // The keys of the investigators whose key ID a signature names.
  async function candidateKeys(sig, investigators) {
    let ids = [];
    try {
      ids = await signatureIssuers(sig);
    } catch {
      return [];
    }
    const keys = [];
    for (const inv of investigators) {
      const fp = String(inv.pgpfingerprint).toUpperCase();
      if (ids.some((id) => fp.endsWith(id))) {
        const k = await publicKey(fp);
        if (k) keys.push(k);
      }
    }
    return keys;
  }

  async function open() {
    fileError.hidden = true;
    const f = fileInput.files && fileInput.files[0];
    if (!f) return;
    try {
      if (f.size > 1 << 20) throw new Error(`${f.name} is larger than 1 MiB`);
      action = parseActionFile(await f.text());
      message.textContent = "";
      await show();
    } catch (e) {
      action = null;
      summary.hidden = true;
      work.hidden = true;
      fileError.textContent = `${f.name}: ${errorText(e)}`;
      fileError.hidden = false;
    }
  }

  async function show() {
    const d = describeAction(action);
    replace(
      summary,
      el("h3", {}, "What it does"),
      el(
        "dl",
        {},
        el("dt", {}, "name"), el("dd", { "data-testid": "summary-name" }, d.name),
        el("dt", {}, "target"), el("dd", {}, el("code", { "data-testid": "summary-target" }, d.target)),
        el("dt", {}, "valid"), el("dd", { "data-testid": "summary-validity", class: d.expired ? "error" : null },
          `${when(d.validfrom)} → ${when(d.expireafter)}`, d.expired ? " (expired: it can no longer run; ask for a new one)" : ""),
      ),
      d.operations.map((op, i) =>
        el("div", { class: "operation" }, el("h4", {}, `operation ${i + 1}: `, el("span", { "data-testid": "summary-module" }, op.module)), el("pre", { class: "parameters" }, op.parameters)),
      ),
    );
    summary.hidden = false;
    work.hidden = false;
    replace(sigList, el("li", { class: "muted" }, "Checking signatures…"));
    replace(weight, "…");

    const c = await context;
    if (disposed || !action) return;
    const sigs = Array.isArray(action.pgpsignatures) ? action.pgpsignatures : [];
    let text = "";
    try {
      text = signingString(action);
    } catch (e) {
      fileError.textContent = `This action cannot be signed: ${errorText(e)}`;
      fileError.hidden = false;
    }
    const verdicts = [];
    for (const s of sigs) verdicts.push(await verifyOneLine(s, text, await candidateKeys(s, c.investigators)));
    if (disposed) return;
    const nameOf = (fp) => {
      const inv = c.investigators.find((i) => String(i.pgpfingerprint).toUpperCase() === fp);
      return inv ? String(inv.name ?? "") : "";
    };
    replace(
      sigList,
      sigs.length === 0 ? el("li", { class: "muted" }, "No signature yet.") : null,
      verdicts.map((v, i) =>
        el(
          "li",
          { "data-testid": "signature", "data-state": v.state },
          el("span", { class: `badge sig-${v.state}` }, v.state),
          ` signature ${i + 1}: `,
          v.fingerprint ? `${nameOf(v.fingerprint) || "investigator"} (${v.fingerprint})` : `key ID ${v.keyId || "?"}`,
          v.error ? el("span", { class: "muted" }, ` — ${v.error}`) : "",
        ),
      ),
      c.investigatorsError ? el("li", { class: "muted" }, `Investigators could not be listed (${c.investigatorsError}): signatures cannot be checked.`) : null,
    );
    const valid = verdicts.filter((v) => v.state === "valid").map((v) => v.fingerprint);
    const lines = weighAction(action, valid, c.acl, (m) => c.respond.has(m));
    const missing = lines.reduce((n, l) => n + (l.missing || 0), 0);
    const refused = lines.some((l) => l.error);
    weight.setAttribute("data-missing", String(missing));
    weight.setAttribute("data-enough", String(!!c.acl && !refused && missing === 0));
    replace(
      weight,
      c.acl
        ? null
        : el("p", { class: "muted" }, c.aclError ? `The ACL could not be read (${c.aclError}).` : "The API has no agents' ACL configured ([console] acl): only signatures are counted; the agents' ACL decides."),
      el("ul", {}, lines.map((l) =>
        el("li", { "data-testid": "weight-line", "data-module": l.module, "data-missing": l.missing ?? "", class: l.error || l.missing ? "lacking" : "enough" },
          weighLine(l), l.note ? el("div", { class: "muted" }, "note: ", l.note) : null),
      )),
    );
    const mine = signer ? String(signer.fingerprint || "").toUpperCase() : "";
    const alreadySigned = mine && verdicts.some((v) => v.fingerprint === mine);
    const anyBad = verdicts.some((v) => v.state !== "valid");
    addButton.disabled = !signer || alreadySigned || !text || describeAction(action).expired;
    addButton.textContent = alreadySigned ? "You signed it" : "Add my signature";
    launchButton.disabled = sigs.length === 0 || anyBad || describeAction(action).expired;
    launchButton.title = anyBad ? "every signature must verify before the API accepts it" : "";
    message.className = "outcome";
    message.textContent = anyBad
      ? "A signature does not verify: the API refuses the action as it is."
      : refused || missing > 0
        ? "The agents' ACL needs more weight: agents will refuse this action until another investigator adds their signature."
        : "";
    downloadButton.disabled = false;
  }

  async function add() {
    addButton.disabled = true;
    message.className = "outcome";
    try {
      const copy = structuredClone(action);
      const out = await appendSignature(copy, signer);
      action = out && typeof out === "object" ? out : copy;
      message.textContent = "Signature added. Launch it, or download it for another investigator.";
      await show();
    } catch (e) {
      message.className = "outcome error";
      message.textContent = `Signing failed: ${errorText(e)}`;
      addButton.disabled = false;
    }
  }

  async function launch() {
    message.className = "outcome";
    launchButton.disabled = true;
    try {
      const id = await createAction(api, action);
      ctx.navigate(`#/action/${encodeURIComponent(id)}`);
    } catch (e) {
      message.className = "outcome error";
      message.textContent = `Launch failed: ${errorText(e)}`;
      launchButton.disabled = false;
    }
  }

  function download() {
    saveFile(actionFileName(action), "application/json", JSON.stringify(action, null, 2) + "\n");
  }

  return () => {
    disposed = true;
  };
}
