// Page name (first part of the hash) -> page module. "" is the landing page.
import * as signin from "./pages/signin.js";
import * as map from "./pages/map.js";
import * as actions from "./pages/actions.js";
import * as action from "./pages/action.js";
import * as sign from "./pages/sign.js";

export const routes = {
  "": signin,
  signin,
  map,
  actions,
  action,
  sign,
};
