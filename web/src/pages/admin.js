// Administration (investigator, investigator_create, investigator_update):
// the investigators, creating one from a public key file, disabling or
// enabling, editing permissions. The API enforces its own rules (nobody
// grants what they do not hold, the last administrator stays); its refusals
// are shown as they come.
import { el, replace } from "../lib/dom.js";
import { when } from "../lib/format.js";
import { PERMISSION_NAMES, PERMISSION_SETS, permissionList, permissionObject } from "../lib/permissions.js";
import { table, badge, errorBox, empty } from "./widgets.js";

export const title = "Administration";

const MAX_KEY_BYTES = 256 * 1024;

function permissionBoxes(selected, prefix) {
  return el(
    "div",
    { class: "perms" },
    PERMISSION_NAMES.map((name) =>
      el("label", { class: "check" }, el("input", { type: "checkbox", name: prefix + name, value: name, checked: selected.includes(name), "data-permission": name }), " ", name),
    ),
  );
}

function checked(container) {
  return [...container.querySelectorAll("input[data-permission]")].filter((i) => i.checked).map((i) => i.value);
}

export async function render(root, where, ctx) {
  const { session, navigate } = ctx;
  if (!session.isAdmin) {
    replace(root, el("h1", {}, "Administration"), errorBox(new Error("Only administrators (permissions investigator, investigator_create, investigator_update) can see this page."), "admin-denied"));
    return;
  }
  const api = session.api;
  const message = el("div", { "aria-live": "polite" });
  const say = (node) => replace(message, node);
  const listBox = el("div", {}, el("p", { class: "muted" }, "Loading…"));
  const editor = el("div");

  async function load() {
    let list;
    try {
      list = await api.search({ type: "investigator", limit: 1000 });
    } catch (e) {
      replace(listBox, errorBox(e));
      return;
    }
    list.sort((a, b) => Number(a.id) - Number(b.id));
    if (!list.length) {
      replace(listBox, el("table", { "data-testid": "investigators-table" }), empty("No investigator."));
      return;
    }
    replace(
      listBox,
      table(
        "investigators-table",
        [
          { label: "ID", cell: (i) => String(i.id) },
          { label: "Name", cell: (i) => el("span", { "data-testid": "investigator-name" }, i.name || "") },
          { label: "Fingerprint", cell: (i) => el("code", { class: "small" }, i.pgpfingerprint || "—") },
          { label: "Status", cell: (i) => badge(i.status) },
          { label: "Permissions", cell: (i) => el("span", { class: "small" }, permissionList(i.permissions).join(", ") || "none"), class: "wrap" },
          { label: "Created", cell: (i) => when(i.createdat) },
          {
            label: "",
            cell: (i) => {
              const active = i.status === "active";
              return el(
                "div",
                { class: "row-buttons" },
                el(
                  "button",
                  {
                    type: "button",
                    "data-testid": active ? "disable-investigator" : "enable-investigator",
                    class: active ? "danger" : null,
                    onclick: () => setStatus(i, active ? "disabled" : "active"),
                  },
                  active ? "Disable" : "Enable",
                ),
                el("button", { type: "button", "data-testid": "edit-permissions", onclick: () => edit(i) }, "Permissions"),
              );
            },
          },
        ],
        list,
        (i) => ({ "data-testid": "investigator-row", "data-investigator-id": i.id }),
      ),
    );
  }

  async function setStatus(inv, status) {
    // No confirmation dialog: disabling is undone by Enable.
    try {
      await api.post("/investigator/update/", { id: inv.id, status });
      say(el("p", { class: "ok" }, `Investigator '${inv.name}' is now ${status}.`));
      if (Number(inv.id) === Number(session.me.id) && status === "disabled") navigate("#/signin");
    } catch (e) {
      say(errorBox(e, "admin-error"));
    }
    await load();
  }

  function edit(inv) {
    const boxes = permissionBoxes(permissionList(inv.permissions), "edit-");
    replace(
      editor,
      el(
        "form",
        {
          class: "card",
          "data-testid": "permissions-editor",
          onsubmit: async (ev) => {
            ev.preventDefault();
            try {
              await api.post("/investigator/update/", { id: inv.id, permissions: JSON.stringify(permissionObject(checked(boxes))) });
              say(el("p", { class: "ok" }, `Permissions of '${inv.name}' saved.`));
              replace(editor);
              await load();
            } catch (e) {
              say(errorBox(e, "admin-error"));
            }
          },
        },
        el("h2", {}, `Permissions of ${inv.name}`),
        boxes,
        el(
          "div",
          { class: "buttons" },
          el("button", { type: "submit", class: "primary", "data-testid": "save-permissions" }, "Save"),
          el("button", { type: "button", onclick: () => replace(editor) }, "Cancel"),
        ),
      ),
    );
    editor.scrollIntoView?.({ block: "nearest" });
  }

  // Creating: name, public key file (read here, sent as the multipart part
  // "publickey" as MIG's client does), permissions.
  const name = el("input", { type: "text", id: "new-investigator-name", "data-testid": "new-investigator-name", autocomplete: "off", maxlength: "1024" });
  const keyFile = el("input", { type: "file", id: "new-investigator-key", "data-testid": "new-investigator-key", accept: ".asc,.pub,.txt,text/plain,application/pgp-keys" });
  const createBoxes = permissionBoxes(PERMISSION_SETS.default, "new-");
  const createButton = el("button", { type: "submit", class: "primary", "data-testid": "create-investigator" }, "Create");
  const createForm = el(
    "form",
    {
      class: "card",
      onsubmit: async (ev) => {
        ev.preventDefault();
        createButton.disabled = true;
        try {
          if (!name.value.trim()) throw new Error("enter the investigator's name");
          const file = keyFile.files && keyFile.files[0];
          if (!file) throw new Error("choose the investigator's armored public key file");
          if (file.size > MAX_KEY_BYTES) throw new Error("this file is too large to be a public key");
          const key = await file.text();
          if (!key.includes("-----BEGIN PGP PUBLIC KEY BLOCK-----")) throw new Error("this file is not an armored public key (-----BEGIN PGP PUBLIC KEY BLOCK-----)");
          if (key.includes("PRIVATE KEY")) throw new Error("this file holds a secret key: give only the public key (gpg --export --armor)");
          const form = new FormData();
          form.append("name", name.value.trim());
          form.append("permissions", JSON.stringify(permissionObject(checked(createBoxes))));
          form.append("publickey", new Blob([key], { type: "application/pgp-keys" }), "publickey.asc");
          await api.post("/investigator/create/", form);
          say(el("p", { class: "ok", "data-testid": "admin-ok" }, `Investigator '${name.value.trim()}' created.`));
          name.value = "";
          keyFile.value = "";
          await load();
        } catch (e) {
          say(errorBox(e, "admin-error"));
        } finally {
          createButton.disabled = false;
        }
      },
    },
    el("h2", {}, "New investigator"),
    el("label", { for: "new-investigator-name" }, "Name"),
    name,
    el("label", { for: "new-investigator-key" }, "Armored public key"),
    keyFile,
    el("p", { class: "label" }, "Permissions"),
    createBoxes,
    el("div", { class: "buttons" }, createButton),
  );

  replace(root, el("h1", {}, "Administration"), message, el("h2", {}, "Investigators"), listBox, editor, createForm);
  await load();
}
