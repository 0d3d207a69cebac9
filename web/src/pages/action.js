// #/action/new (the builder) and #/action/ID (an action) share the hash's
// first word; this page hands each to its module.
import * as builder from "./action_new.js";
import * as view from "./action_view.js";

export const title = "Action";

export function render(root, where, ctx) {
  return (where.args[0] === "new" ? builder : view).render(root, where, ctx);
}
