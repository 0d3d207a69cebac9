// A target expression box (the grammar of `mig -t`) with a live count of
// the agents it selects (GET /agent/count) and the API's error shown at the
// place it names: "... at byte N" marks that byte of the expression.
// Shared with the action builder: testids are given by the caller.
import { el, replace } from "../lib/dom.js";
import { byteToIndex, targetError } from "../lib/format.js";

const DEBOUNCE_MS = 300;

// opts: {api, value, ids: {input, count, error}, onEnter(value)}
// Returns {node, input, refresh(), destroy()}.
export function targetBox({ api, value = "", ids, onEnter, placeholder = "e.g. status='online' AND name LIKE 'web%'" }) {
  const input = el("input", {
    type: "text",
    class: "mono target",
    "data-testid": ids.input,
    value,
    placeholder,
    spellcheck: "false",
    autocomplete: "off",
    "aria-label": "Target expression",
  });
  const count = el("span", { "data-testid": ids.count, class: "target-count", "aria-live": "polite" });
  const error = el("div", { "data-testid": ids.error, class: "target-error", hidden: true, role: "alert" });
  let timer = null;
  let seq = 0;
  let destroyed = false;

  function showError(message, text) {
    const { message: first, offset } = targetError(message);
    if (offset === null) {
      error.removeAttribute("data-offset");
      replace(error, el("span", {}, first));
    } else {
      error.setAttribute("data-offset", String(offset));
      const at = byteToIndex(text, offset);
      const ch = at < text.length ? String.fromCodePoint(text.codePointAt(at)) : " ";
      // The expression again, the offending character marked, then the message.
      replace(
        error,
        el("div", { class: "marker mono", "aria-hidden": "true" }, text.slice(0, at), el("mark", {}, ch), text.slice(at + ch.length)),
        el("span", {}, first),
      );
    }
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
  }

  function clearError() {
    error.hidden = true;
    error.removeAttribute("data-offset");
    replace(error);
    input.removeAttribute("aria-invalid");
  }

  async function refresh() {
    const mine = ++seq;
    const text = input.value;
    count.textContent = "counting…";
    try {
      const found = await api.get("/agent/count", { target: text });
      if (mine !== seq || destroyed) return;
      const item = found.find((i) => i.count !== undefined);
      const n = item ? Number(item.count) : 0;
      count.textContent = `${n} agent${n === 1 ? "" : "s"}`;
      count.dataset.count = String(n);
      clearError();
    } catch (e) {
      if (mine !== seq || destroyed) return;
      count.textContent = "";
      delete count.dataset.count;
      if (e.status === 400) showError(e.message, text);
      else {
        clearError();
        count.textContent = "count unavailable: " + e.message;
      }
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && onEnter) {
      ev.preventDefault();
      clearTimeout(timer);
      onEnter(input.value);
    }
  });

  const node = el("div", { class: "target-box" }, el("div", { class: "target-line" }, input, count), error);
  refresh();
  return {
    node,
    input,
    refresh,
    showError: (m) => showError(m, input.value),
    destroy() {
      destroyed = true;
      clearTimeout(timer);
    },
  };
}
