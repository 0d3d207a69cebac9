export const title = "actions"; export function render(root) { root.replaceChildren(document.createTextNode("This page is being built.")); }
