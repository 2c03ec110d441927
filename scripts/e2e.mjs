// `npm run test:e2e`: build if needed, then the Playwright suite in Debian's Chromium.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildIfStale } from "./lib/build.mjs";

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`End-to-end tests need Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
  process.exit(1);
}
buildIfStale();
const r = spawnSync(process.execPath, [path.join("node_modules", "@playwright", "test", "cli.js"), "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
});
process.exit(r.status ?? 1);
