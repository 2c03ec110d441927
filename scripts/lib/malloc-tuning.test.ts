import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const glibc = process.platform === "linux" && Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);

/** Runs a script that imports the tuning first, as the server's entry points do, and reports what it ended up with. */
async function runEntryPoint(env: NodeJS.ProcessEnv) {
  const dir = mkdtempSync(path.join(tmpdir(), "malloc-tuning-"));
  const script = path.join(dir, "entry.mjs");
  const tuning = pathToFileURL(path.resolve("scripts/lib/malloc-tuning.mjs")).href;
  writeFileSync(script, `await import(${JSON.stringify(tuning)});\nconsole.log(JSON.stringify({ pid: process.pid, value: process.env.MALLOC_TRIM_THRESHOLD_ ?? null, args: process.argv.slice(2) }));\n`);
  const child = spawn(process.execPath, [script, "--port", "1234"], { env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  return { code, pid: child.pid, lines: out.trim().split("\n").map((l) => JSON.parse(l)) };
}

describe.runIf(glibc)("malloc tuning at server start (glibc)", () => {
  it("restarts the same process once with the allocator setting, keeping its arguments", async () => {
    const env = { ...process.env };
    delete env.MALLOC_TRIM_THRESHOLD_;
    const { code, pid, lines } = await runEntryPoint(env);
    expect(code).toBe(0);
    expect(lines).toEqual([{ pid, value: "131072", args: ["--port", "1234"] }]);
  });

  it("keeps a value the operator set and does not restart", async () => {
    const { code, pid, lines } = await runEntryPoint({ ...process.env, MALLOC_TRIM_THRESHOLD_: "0" });
    expect(code).toBe(0);
    expect(lines).toEqual([{ pid, value: "0", args: ["--port", "1234"] }]);
  });
});
