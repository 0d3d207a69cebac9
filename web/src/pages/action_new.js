export const title = "action_new"; export function render(root) { root.replaceChildren(document.createTextNode("This page is being built.")); }
