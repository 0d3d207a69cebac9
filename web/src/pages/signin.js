// Sign-in: the investigator's armored secret key and its passphrase, read
// and unlocked in this page (the key never leaves it), or an API key for
// read-only views. A key stored encrypted in this browser (the "remember"
// box) only needs its passphrase.
import { el, replace } from "../lib/dom.js";
import { KeySigner } from "../lib/signer.js";
import { current, signInWithKey, signInWithApiKey } from "../lib/session.js";

export const title = "Sign in";
export const isPublic = true;

function readFile(file) {
  if (file.size > 1024 * 1024) return Promise.reject(new Error("this file is too large to be a key (over 1 MiB)"));
  return file.text();
}

export function render(root, where, { navigate }) {
  if (current()) {
    navigate("#/dashboard");
    return;
  }
  const stored = KeySigner.loadStored();
  const error = el("p", { class: "error", "data-testid": "signin-error", role: "alert", hidden: true });
  const showError = (text) => {
    error.textContent = text;
    error.hidden = !text;
  };
  const done = () => {
    const next = sessionStorage.getItem("mig-console.after-signin");
    sessionStorage.removeItem("mig-console.after-signin");
    navigate(next && next.startsWith("#/") && !next.startsWith("#/signin") ? next : "#/dashboard");
  };

  const keyFile = el("input", { type: "file", id: "key-file", "data-testid": "key-file", accept: ".asc,.key,.gpg,.txt,text/plain,application/pgp-keys" });
  const passphrase = el("input", { type: "password", id: "passphrase", "data-testid": "passphrase", autocomplete: "current-password" });
  const remember = el("input", { type: "checkbox", id: "remember", "data-testid": "remember" });
  const signinButton = el("button", { type: "submit", class: "primary", "data-testid": "signin" }, "Sign in");
  const storedNote = stored
    ? el(
        "p",
        { class: "note", "data-testid": "stored-key" },
        "A key is kept (encrypted) in this browser: ",
        el("strong", {}, stored.userId || "investigator"),
        el("span", { class: "mono" }, " " + (stored.fingerprint || "")),
        ". Enter its passphrase, or choose another key file. ",
        el(
          "button",
          {
            type: "button",
            class: "link",
            "data-testid": "forget-key",
            onclick: () => {
              KeySigner.forgetStored();
              render(root, where, { navigate });
            },
          },
          "Forget it",
        ),
      )
    : null;

  const keyForm = el(
    "form",
    {
      class: "card",
      onsubmit: async (ev) => {
        ev.preventDefault();
        showError("");
        signinButton.disabled = true;
        signinButton.textContent = "Signing in…";
        try {
          const file = keyFile.files && keyFile.files[0];
          let armored;
          if (file) armored = await readFile(file);
          else if (stored) armored = stored.armored;
          else throw new Error("choose your armored secret key file");
          await signInWithKey(armored, passphrase.value, { remember: remember.checked });
          passphrase.value = "";
          done();
        } catch (e) {
          showError(String(e?.message || e));
        } finally {
          signinButton.disabled = false;
          signinButton.textContent = "Sign in";
        }
      },
    },
    el("h2", {}, "With your PGP key"),
    el("p", { class: "muted" }, "The key is read and unlocked in this page; it is never sent to the server. Export it with gpg --export-secret-keys --armor."),
    storedNote,
    el("label", { for: "key-file" }, "Armored secret key"),
    keyFile,
    el("label", { for: "passphrase" }, "Passphrase"),
    passphrase,
    el("label", { class: "check" }, remember, " Keep the key in this browser, encrypted with its passphrase"),
    el("div", { class: "buttons" }, signinButton),
  );

  const apikey = el("input", { type: "password", id: "apikey", "data-testid": "apikey", autocomplete: "off" });
  const apiButton = el("button", { type: "submit", "data-testid": "signin-apikey" }, "Sign in with the API key");
  const apiForm = el(
    "form",
    {
      class: "card",
      onsubmit: async (ev) => {
        ev.preventDefault();
        showError("");
        apiButton.disabled = true;
        try {
          await signInWithApiKey(apikey.value);
          apikey.value = "";
          done();
        } catch (e) {
          showError(String(e?.message || e));
        } finally {
          apiButton.disabled = false;
        }
      },
    },
    el("h2", {}, "With an API key"),
    el("p", { class: "muted" }, "Read-only views: actions cannot be signed without a key."),
    el("label", { for: "apikey" }, "API key"),
    apikey,
    el("div", { class: "buttons" }, apiButton),
  );

  replace(root, el("section", { class: "signin" }, el("h1", {}, "MIG console"), error, el("div", { class: "cards" }, keyForm, apiForm)));
  (stored ? passphrase : keyFile).focus();
}
