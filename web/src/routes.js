// Page name (first part of the hash) -> page module. "" is the landing page.
import * as signin from "./pages/signin.js";

export const routes = {
  "": signin,
  signin,
};
