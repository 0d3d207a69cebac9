export const title = "action_view"; export function render(root) { root.replaceChildren(document.createTextNode("This page is being built.")); }
