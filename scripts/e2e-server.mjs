// The stack the end-to-end suite runs against: the fake LLM on loopback and the built app on a
// fresh embedded database. Started by playwright.config.ts.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeLlm } from "../tests/support/fake-llm.ts";
import { serverProcess } from "./lib/node-flags.mjs";

const port = Number(process.env.E2E_PORT || 3210);
const fake = await startFakeLlm({ port: Number(process.env.E2E_FAKE_PORT || 0) });
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
    LOG_LEVEL: "warn",
});
const app = spawn(process.execPath, server.args, { stdio: "inherit", env: server.env });
const stop = () => {
  app.kill("SIGTERM");
  void fake.close();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
app.on("exit", (code) => {
  void fake.close();
  process.exit(code ?? 0);
});
