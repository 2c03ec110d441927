// `npm run test:faults [-- --repeat N] [-- --quick]`: the fault suite (tests/faults) against the
// production build on PostgreSQL, N times in a row, with a tally of every case's passes and
// failures at the end. Builds first when the build is missing or stale.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildIfStale } from "./lib/build.mjs";

const { values } = parseArgs({ options: { repeat: { type: "string", default: "1" }, quick: { type: "boolean", default: false } }, allowPositionals: true });
const repeat = Math.max(1, Number(values.repeat));
const env = { ...process.env, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test" };

buildIfStale();
const tally = new Map();
const dir = mkdtempSync(path.join(tmpdir(), "sidekiq-faults-"));
let failedRuns = 0;
for (let run = 1; run <= repeat; run++) {
  const out = path.join(dir, `run-${run}.json`);
  const args = [path.join("node_modules", "vitest", "vitest.mjs"), "run", "--project", "faults", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`];
  if (values.quick) args.push("-t", "\\[quick\\]");
  console.log(`\n=== fault suite, run ${run} of ${repeat} ===`);
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env });
  if (r.status !== 0) failedRuns++;
  try {
    const report = JSON.parse(readFileSync(out, "utf8"));
    for (const file of report.testResults) {
      for (const t of file.assertionResults) {
        if (t.status === "skipped" || t.status === "pending") continue;
        const entry = tally.get(t.title) ?? { passed: 0, failed: 0 };
        entry[t.status === "passed" ? "passed" : "failed"]++;
        tally.set(t.title, entry);
      }
    }
  } catch {
    console.error(`run ${run}: no report`);
  }
}
console.log(`\n=== fault suite tally: ${repeat} run(s), ${repeat - failedRuns} fully green ===`);
for (const [title, { passed, failed }] of tally) console.log(`${String(passed).padStart(3)} passed ${String(failed).padStart(3)} failed  ${title}`);
process.exit(failedRuns === 0 ? 0 : 1);
