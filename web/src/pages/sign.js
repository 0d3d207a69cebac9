export const title = "sign"; export function render(root) { root.replaceChildren(document.createTextNode("This page is being built.")); }
