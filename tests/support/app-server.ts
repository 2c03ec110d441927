/**
 * The built app as production runs it: `scripts/serve.mjs` with the server's Node flags, in its
 * own process, on a free loopback port, against the fake LLM. Used by the HTTP and fault suites
 * (and usable from scripts: plain TypeScript that Node runs directly).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { serverProcess } from "../../scripts/lib/node-flags.mjs";

export type AppServerOptions = {
  /** PostgreSQL when given; otherwise PGlite in `dataDir` (a new temporary folder by default). */
  databaseUrl?: string;
  dataDir?: string;
  fakeLlmUrl: string;
  port?: number;
  env?: Record<string, string | undefined>;
  /** Print the server's output as it comes (it is always kept for `output()`). */
  echo?: boolean;
};

export type AppServer = {
  url: string;
  port: number;
  pid: number;
  dataDir?: string;
  child: ChildProcess;
  /** Everything the server printed so far. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal and waits for the exit (SIGKILL after `timeoutMs`). */
  stop: (signal?: NodeJS.Signals, timeoutMs?: number) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export const TEST_AUTH_SECRET = "http-suite-secret-0123456789abcdefghij";

export async function startAppServer(o: AppServerOptions): Promise<AppServer> {
  const port = o.port ?? (await freePort());
  const dataDir = o.databaseUrl ? undefined : (o.dataDir ?? mkdtempSync(path.join(tmpdir(), "sidekiq-app-")));
  const { args, env } = serverProcess("scripts/serve.mjs", {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    DATABASE_URL: o.databaseUrl ?? "",
    SIDEKIQ_DATA_DIR: dataDir ?? "",
    BETTER_AUTH_SECRET: TEST_AUTH_SECRET,
    OPENAI_COMPATIBLE_BASE_URL: o.fakeLlmUrl,
    DEFAULT_MODEL: "openai-compatible:fake-model",
    LOG_LEVEL: "warn",
    ...o.env,
  });
  // Vitest's own variables would make the app think it runs under a test runner.
  for (const k of Object.keys(env)) if (k.startsWith("VITEST") || k === "TEST_DB_KIND") delete env[k];
  // SIDEKIQ_APP_ROOT: another checkout's build (an earlier commit's, to see a test fail before its fix).
  const cwd = process.env.SIDEKIQ_APP_ROOT || path.resolve(import.meta.dirname, "../..");
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    if (o.echo) process.stderr.write(d);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (gone) throw new Error(`the app exited before it was ready:\n${output.slice(-4000)}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the app did not become healthy within 90 s:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    port,
    pid: child.pid!,
    dataDir,
    child,
    output: () => output,
    exited,
    stop: async (signal = "SIGTERM", timeoutMs = 45_000) => {
      if (!gone) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}
