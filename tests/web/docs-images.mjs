// Makes the images of docs/web-console.md from a browser test run's
// screenshots, scaled down so each stays small:
//   node tests/web/docs-images.mjs build/release/tests/web/screenshots docs/images
// Chromium (Debian's) does the scaling: no image library needed.
import { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";

const [from, to, width = "900"] = process.argv.slice(2);
if (!from || !to) {
  console.error("usage: node tests/web/docs-images.mjs SCREENSHOT_DIR OUT_DIR [WIDTH]");
  process.exit(2);
}
const here = new URL(".", import.meta.url).pathname;
const require = createRequire(resolve(here, "../../web/node_modules/noop.js"));
const { chromium } = require("playwright-core");

mkdirSync(to, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), "mig-docs-images-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.MIG_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  for (const name of readdirSync(from).filter((n) => n.endsWith(".png")).sort()) {
    const data = readFileSync(join(from, name)).toString("base64");
    await page.setContent(`<body style="margin:0"><img id="i" style="width:${Number(width)}px;display:block" src="data:image/png;base64,${data}"></body>`);
    await page.locator("#i").evaluate((i) => i.decode());
    const out = join(to, `web-console-${name}`);
    await page.locator("#i").screenshot({ path: out });
    console.log(`${out}: ${statSync(out).size} bytes`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
