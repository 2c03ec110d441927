import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_ENV, SERVER_NODE_FLAGS, serverProcess } from "./node-flags.mjs";

describe("server process flags", () => {
  it("npm start passes the same flags and allocator setting as the scripts that start the server, and an operator's setting wins", () => {
    const start = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts.start!;
    for (const flag of SERVER_NODE_FLAGS) expect(start).toContain(` ${flag} `);
    for (const [name, value] of Object.entries(SERVER_ENV)) expect(start).toContain(`${name}=\${${name}:-${value}}`);
  });

  it("a process started with them runs with them, in the same process", () => {
    const script = path.join(mkdtempSync(path.join(tmpdir(), "node-flags-")), "report.mjs");
    writeFileSync(script, "console.log(JSON.stringify({ argv: process.execArgv, trim: process.env.MALLOC_TRIM_THRESHOLD_ }));\n");
    const { args, env } = serverProcess(script, { ...process.env, MALLOC_TRIM_THRESHOLD_: undefined });
    const out = execFileSync(process.execPath, args, { env, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ argv: SERVER_NODE_FLAGS, trim: "131072" });
    const own = serverProcess("x", { MALLOC_TRIM_THRESHOLD_: "0" });
    expect(own.env.MALLOC_TRIM_THRESHOLD_).toBe("0");
  });
});
