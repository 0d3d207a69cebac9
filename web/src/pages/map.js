export const title = "map"; export function render(root) { root.replaceChildren(document.createTextNode("This page is being built.")); }
