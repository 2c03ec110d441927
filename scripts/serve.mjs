// Production server: Next's request handler behind node:http, with one structured log line per request.
import "./lib/malloc-tuning.mjs";
import { createServer } from "node:http";
import v8 from "node:v8";
import next from "next";
import pino from "pino";
import { releaseMemoryWhenIdle } from "./lib/idle-memory.mjs";

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || "0.0.0.0";
const log = pino({ base: undefined, level: process.env.LOG_LEVEL || "info" });

if (!process.env.DATABASE_URL) {
  // The embedded database is PostgreSQL compiled to WebAssembly. By default V8 first compiles it
  // with its baseline compiler and re-compiles hot functions in the background, which keeps both
  // copies and cost this server ~40 MiB; compiling it once, optimized, adds ~2 s to start-up and
  // makes its queries faster (a reply's CPU at 1 chat: 78 ms before, 50 ms after). The flag is read
  // when the module is compiled, which happens on first use, after this line.
  v8.setFlagsFromString("--no-liftoff");
}

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const started = performance.now();
  res.on("close", () => {
    const path = (req.url || "").split("?")[0];
    if (path.startsWith("/_next/static")) return;
    log.info({ method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started), aborted: !res.writableFinished }, "request");
  });
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
releaseMemoryWhenIdle(server, { onRelease: (info) => log.debug(info, "memory released after load") });
server.listen(port, hostname, () => {
  const shown = hostname === "0.0.0.0" ? "localhost" : hostname;
  log.info({ url: `http://${shown}:${port}`, node: process.version }, "listening");
  console.log(`\n  Sidekiq is running at http://${shown}:${port}\n`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    // Replies still streaming get two seconds; a reply cut off here is lost (checkpointing comes later).
    setTimeout(() => process.exit(0), 2_000);
  });
}
