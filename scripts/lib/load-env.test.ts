import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const loader = pathToFileURL(path.resolve(import.meta.dirname, "load-env.mjs")).href;
let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** What a fresh Node process started in `cwd` sees after importing load-env.mjs. */
function envAfterLoad(cwd: string, env: Record<string, string>) {
  const script = `await import(${JSON.stringify(loader)}); console.log(JSON.stringify({ PORT: process.env.PORT, HOSTNAME: process.env.HOSTNAME, LOG_LEVEL: process.env.LOG_LEVEL }));`;
  const { PORT: _p, HOSTNAME: _h, LOG_LEVEL: _l, ...rest } = process.env;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd, env: { ...rest, NODE_ENV: "production", ...env }, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

describe("load-env", () => {
  it("reads the server's own settings from .env files, and the environment wins", () => {
    dir = mkdtempSync(path.join(tmpdir(), "sidekiq-env-"));
    writeFileSync(path.join(dir, ".env"), "PORT=4321\nHOSTNAME=127.0.0.1\nLOG_LEVEL=warn\n");
    writeFileSync(path.join(dir, ".env.local"), "PORT=4322\n");
    expect(envAfterLoad(dir, { LOG_LEVEL: "debug" })).toEqual({ PORT: "4322", HOSTNAME: "127.0.0.1", LOG_LEVEL: "debug" });
  });
});
