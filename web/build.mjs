// Bundles the console into one directory that mig-api serves under /console/:
//   node build.mjs OUTDIR
// Everything the page loads comes from OUTDIR (no CDN: a fleet console often
// has no internet): app.js (the bundle), index.html, style.css and the
// world outline.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error("usage: node build.mjs OUTDIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, "src/main.js")],
  bundle: true,
  format: "esm",
  target: ["chrome110", "firefox110", "safari16"],
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  outfile: join(out, "app.js"),
  logLevel: "warning",
});

for (const name of readdirSync(join(here, "static"))) {
  copyFileSync(join(here, "static", name), join(out, name));
}
copyFileSync(join(here, "node_modules/world-atlas/countries-110m.json"), join(out, "countries-110m.json"));
