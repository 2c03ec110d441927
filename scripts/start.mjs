// `npm start`: build when there is no build or the sources are newer, then serve.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

console.log(`Sidekiq on Node ${process.version}`);
const root = process.cwd();
const buildId = path.join(root, ".next", "BUILD_ID");

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const child of readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

const sources = ["src", "public", "next.config.ts", "package.json", "postcss.config.mjs", "tsconfig.json"];
const stale = !existsSync(buildId) || Math.max(...sources.map(newestMtime)) > statSync(buildId).mtimeMs;
if (stale) {
  console.log("Building Sidekiq (first start or sources changed)...");
  const r = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
process.env.NODE_ENV = "production";
await import("./serve.mjs");
