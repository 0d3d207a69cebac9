// Sign-in page (placeholder until the session code lands).
import { el, replace } from "../lib/dom.js";

export const title = "Sign in";

export function render(root) {
  replace(root, el("h1", {}, "MIG console"), el("p", {}, "Sign-in is being built."));
}
