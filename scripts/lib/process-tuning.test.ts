import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const glibc = process.platform === "linux" && Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);

/** Runs a script that imports the tuning first, as the server's entry points do, and reports what it ended up with. */
async function runEntryPoint(env: NodeJS.ProcessEnv, nodeArgs: string[] = []) {
  const dir = mkdtempSync(path.join(tmpdir(), "process-tuning-"));
  const script = path.join(dir, "entry.mjs");
  const tuning = pathToFileURL(path.resolve("scripts/lib/process-tuning.mjs")).href;
  const report = "{ pid: process.pid, value: process.env.MALLOC_TRIM_THRESHOLD_ ?? null, args: process.argv.slice(2), execArgv: process.execArgv }";
  writeFileSync(script, `await import(${JSON.stringify(tuning)});\nconsole.log(JSON.stringify(${report}));\n`);
  const child = spawn(process.execPath, [...nodeArgs, script, "--port", "1234"], { env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  return { code, pid: child.pid, lines: out.trim().split("\n").map((l) => JSON.parse(l)) };
}

const FLAGS = ["--heap-growing-percent=20", "--max-semi-space-size=16"];

describe.runIf(glibc)("process tuning at server start (glibc)", () => {
  it("restarts the same process once with the allocator setting and V8's heap flags, keeping its arguments", async () => {
    const env = { ...process.env };
    delete env.MALLOC_TRIM_THRESHOLD_;
    const { code, pid, lines } = await runEntryPoint(env, ["--no-warnings"]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ pid, value: "131072", args: ["--port", "1234"], execArgv: [...FLAGS, "--no-warnings"] });
  });

  it("keeps what the operator set, and restarts only for what is missing", async () => {
    const all = await runEntryPoint({ ...process.env, MALLOC_TRIM_THRESHOLD_: "0" }, FLAGS);
    expect(all.code).toBe(0);
    expect(all.lines).toEqual([expect.objectContaining({ pid: all.pid, value: "0", execArgv: FLAGS })]);

    const own = await runEntryPoint({ ...process.env, MALLOC_TRIM_THRESHOLD_: "0" }, ["--max_semi_space_size=1"]);
    expect(own.code).toBe(0);
    expect(own.lines).toEqual([expect.objectContaining({ pid: own.pid, value: "0", execArgv: ["--heap-growing-percent=20", "--max_semi_space_size=1"] })]);
  });
});
