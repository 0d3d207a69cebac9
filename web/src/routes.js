// Page name (first part of the hash) -> page module. "" is the landing page.
// #/action/new is the builder, #/action/ID an action's page.
import * as signin from "./pages/signin.js";
import * as dashboard from "./pages/dashboard.js";
import * as agents from "./pages/agents.js";
import * as agent from "./pages/agent.js";
import * as admin from "./pages/admin.js";
import * as map from "./pages/map.js";
import * as actions from "./pages/actions.js";
import * as actionNew from "./pages/action_new.js";
import * as actionView from "./pages/action_view.js";
import * as sign from "./pages/sign.js";

export const routes = {
  "": dashboard,
  signin,
  dashboard,
  agents,
  agent,
  map,
  actions,
  sign,
  admin,
};

// The module for a parsed hash ({name, args, query}); unknown names land on
// the dashboard.
export function pageFor(where) {
  if (where.name === "action") return where.args[0] === "new" ? actionNew : actionView;
  return Object.hasOwn(routes, where.name) ? routes[where.name] : routes[""];
}
