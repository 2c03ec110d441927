// The stack the end-to-end suite runs against: the fake LLM on loopback and the built app on a
// fresh embedded database. Started by playwright.config.ts. A control port lets a test kill the
// app mid-reply (SIGKILL) and start it again on the same data, as a crash would.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeLlm } from "../tests/support/fake-llm.ts";
import { serverProcess } from "./lib/node-flags.mjs";

const port = Number(process.env.E2E_PORT || 3210);
const controlPort = Number(process.env.E2E_CONTROL_PORT || 3211);
// fake-model-2 is a small local model (a 4,096-token window, reported as vLLM does): the context test trims for it.
const fake = await startFakeLlm({ port: Number(process.env.E2E_FAKE_PORT || 0), contextWindows: { "fake-model-2": 4096 } });
const dataDir = mkdtempSync(path.join(tmpdir(), "sidekiq-e2e-"));

const server = serverProcess("scripts/serve.mjs", {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(port),
  HOSTNAME: "127.0.0.1",
  SIDEKIQ_DATA_DIR: dataDir,
  DATABASE_URL: "",
  OPENAI_COMPATIBLE_BASE_URL: fake.url,
  DEFAULT_MODEL: "openai-compatible:fake-model",
  AUTH_RATE_LIMIT_DISABLED: "1",
  // The long-thread test sends 101 messages in a few seconds; the limit itself is an integration test.
  CHAT_RATE_LIMIT_PER_MINUTE: "0",
  CHAT_FIRST_CHUNK_TIMEOUT_MS: "5000",
  CHAT_CHUNK_TIMEOUT_MS: "5000",
  // A killed server's reply is marked interrupted soon after it comes back.
  CHAT_STREAM_LEASE_MS: "3000",
  CHAT_CHECKPOINT_MS: "500",
  LOG_LEVEL: "warn",
});

let app;
let restarting = false;
function startApp() {
  app = spawn(process.execPath, server.args, { stdio: "inherit", env: server.env });
  app.on("exit", (code) => {
    if (restarting) return;
    void fake.close();
    process.exit(code ?? 0);
  });
}
startApp();

async function healthy() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the app did not come back");
}

createServer(async (req, res) => {
  if (req.method !== "POST" || req.url !== "/kill-and-restart") return res.writeHead(404).end();
  restarting = true;
  const exited = new Promise((r) => app.once("exit", r));
  app.kill("SIGKILL");
  await exited;
  startApp();
  await healthy();
  restarting = false;
  res.end("restarted");
}).listen(controlPort, "127.0.0.1");

const stop = () => {
  app.kill("SIGTERM");
  void fake.close();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
