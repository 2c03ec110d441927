// `npm test`: unit + integration (PGlite, and PostgreSQL when reachable), then the built app over
// HTTP and under attack (both databases), then end-to-end in Chromium.
// Under CI (CI=true) a missing database or browser fails the run; elsewhere it is skipped, loudly.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { buildIfStale } from "./lib/build.mjs";

const ci = process.env.CI === "true" || process.env.CI === "1";
const skipped = [];
console.log(`Sidekiq tests on Node ${process.version}${ci ? " (CI)" : ""}`);

async function reachable(url) {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

const env = { ...process.env };
const pgUrl = env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
if (await reachable(pgUrl)) {
  env.TEST_DATABASE_URL = pgUrl;
} else if (ci || env.TEST_DATABASE_URL) {
  console.error(`PostgreSQL is not reachable at ${pgUrl}; the PostgreSQL integration run is required.`);
  process.exit(1);
} else {
  delete env.TEST_DATABASE_URL;
  skipped.push(`integration tests on PostgreSQL (nothing at ${pgUrl}; set TEST_DATABASE_URL)`);
}

const run = (args) => spawnSync(process.execPath, args, { stdio: "inherit", env }).status ?? 1;

const vitest = path.join("node_modules", "vitest", "vitest.mjs");
const projects = (...names) => names.flatMap((n) => ["--project", n]);
let status = run([vitest, "run", ...projects("unit", "integration-*")]);
if (status !== 0) process.exit(status);

// The production build, served by the real start script, one server per test file.
buildIfStale();
status = run([vitest, "run", "--no-file-parallelism", ...projects("http-*")]);
if (status !== 0) process.exit(status);
// The same build, attacked: bodies, origins, accounts, sessions, imports, headers (tests/security).
status = run([vitest, "run", "--no-file-parallelism", ...projects("security-*")]);
if (status !== 0) process.exit(status);

// The fault suite's quick cases (the whole suite: npm run test:faults); PostgreSQL only.
if (env.TEST_DATABASE_URL) {
  status = run([vitest, "run", ...projects("faults"), "-t", "\\[quick\\]"]);
  if (status !== 0) process.exit(status);
} else {
  skipped.push("the fault suite's quick cases (they need PostgreSQL)");
}

const chromium = env.CHROMIUM_PATH || "/usr/bin/chromium";
if (existsSync(chromium)) {
  status = run(["scripts/e2e.mjs"]);
  if (status !== 0) process.exit(status);
} else if (ci) {
  console.error(`Chromium is missing at ${chromium}; the end-to-end suite is required in CI.`);
  process.exit(1);
} else {
  skipped.push(`end-to-end tests (no Chromium at ${chromium}; apt-get install -y chromium)`);
}

if (skipped.length) {
  console.log("\nSKIPPED:");
  for (const s of skipped) console.log(`  - ${s}`);
}
console.log("\nAll test suites passed.");
