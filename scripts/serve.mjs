// Production server: Next's request handler behind node:http, with one structured log line per request.
import "./lib/process-tuning.mjs";
import "./lib/load-env.mjs";
import { createServer } from "node:http";
import v8 from "node:v8";
import next from "next";
import pino from "pino";
import { loadRouteHandler, serveDirect, takesRequest } from "./lib/direct-route.mjs";
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

// POST /api/chat goes straight to its route handler, skipping Next's router (see direct-route.mjs).
// The limit is the route's own (MAX_BODY_BYTES); a bigger body goes through Next to get its 413.
const CHAT = { method: "POST", route: "/api/chat", maxBodyBytes: 1_000_000 };
// SIDEKIQ_DIRECT_CHAT=0 turns this off; =required (the e2e suite, the bench) stops the server when
// it cannot be used, so that a Next upgrade that changes the build's layout fails loudly.
const directChat = process.env.SIDEKIQ_DIRECT_CHAT;
const chat = directChat === "0" ? { error: "turned off by SIDEKIQ_DIRECT_CHAT=0" } : await loadRouteHandler({ distDir: ".next", ...CHAT });
if (chat.error && directChat === "required") {
  log.fatal({ reason: chat.error }, "SIDEKIQ_DIRECT_CHAT=required, but POST /api/chat cannot be served directly");
  process.exit(1);
}
if (chat.error) log.warn({ reason: chat.error }, "POST /api/chat goes through Next's router");

const server = createServer((req, res) => {
  const started = performance.now();
  res.on("close", () => {
    const path = (req.url || "").split("?")[0];
    if (path.startsWith("/_next/static")) return;
    log.info({ method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started), aborted: !res.writableFinished }, "request");
  });
  if (chat.handler && takesRequest(req, CHAT)) {
    serveDirect(chat.handler, req, res).catch((error) => log.error({ err: error?.message, path: req.url }, "request failed"));
  } else {
    handle(req, res);
  }
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
