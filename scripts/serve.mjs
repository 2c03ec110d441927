// Production server: Next's request handler behind node:http, with one structured log line per
// request. Start it through `npm start`, or with the flags of ./lib/node-flags.mjs.
import "./lib/load-env.mjs";
import { createServer } from "node:http";
import next from "next";
import pino from "pino";
import { releaseMemoryWhenIdle } from "./lib/idle-memory.mjs";
import { redactPath } from "./lib/redact-path.mjs";

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || "0.0.0.0";
const log = pino({ base: undefined, level: process.env.LOG_LEVEL || "info" });
// Files this process makes are its user's alone (the embedded database's folder too: src/server/db/data-dir.ts).
process.umask(0o077);

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

/** A path whose percent-encoding is not valid UTF-8 (`/api/chat/%ED%A0%80/stream`): Next answers those 500. */
function malformedPath(url = "") {
  try {
    decodeURIComponent(url.split("?")[0]);
    return false;
  } catch {
    return true;
  }
}

// An answer sent before its request's body was read to the end (a 413 at a route's limit, a 403
// before reading): the rest is read and dropped, up to LINGER_BYTES or for LINGER_MS, so that the
// client reads the answer rather than a reset, and a connection whose body ends within that can
// carry its next request. Past either, the connection is closed. (Left as it was, the unread rest
// sat in front of the next request on the connection until the keep-alive timeout, 65 s.)
const LINGER_BYTES = 64 * 1024 * 1024;
const LINGER_MS = 5_000;
function lingerOverUnreadBody(req, res) {
  res.once("finish", () => {
    if (req.complete || req.socket.destroyed) return;
    let seen = 0;
    // Only while this body is still coming: once it is all in (`complete`, which the parser sets
    // even for a request the app stopped reading), the connection carries the next request.
    const close = () => {
      if (!req.complete) req.socket.destroy();
    };
    const timer = setTimeout(close, LINGER_MS);
    timer.unref();
    // read(), not resume(): the app's reader of the body (an async iterator) still listens for
    // 'readable', and while anything does, resume() does nothing.
    const drain = () => {
      for (let chunk = req.read(); chunk !== null; chunk = req.read()) {
        seen += chunk.length;
        if (seen > LINGER_BYTES) {
          clearTimeout(timer);
          return close();
        }
      }
    };
    req.on("readable", drain);
    req.once("end", () => clearTimeout(timer));
    drain();
  });
}

const server = createServer((req, res) => {
  const started = performance.now();
  // The client's address as the socket has it, under a name no client can set (this replaces any
  // it sent); the app decides which forwarded hops to believe (TRUSTED_PROXIES).
  req.headers["x-sidekiq-peer"] = req.socket.remoteAddress ?? "";
  res.on("close", () => {
    const path = (req.url || "").split("?")[0];
    if (path.startsWith("/_next/static")) return;
    log.info({ method: req.method, path: redactPath(path), status: res.statusCode, ms: Math.round(performance.now() - started), aborted: !res.writableFinished }, "request");
  });
  lingerOverUnreadBody(req, res);
  if (malformedPath(req.url)) {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "BAD_REQUEST", message: "The request's path is not valid." } }));
    return;
  }
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
releaseMemoryWhenIdle(server, { onRelease: (info) => log.debug(info, "memory released after load") });
server.listen(port, hostname, () => {
  const shown = hostname === "0.0.0.0" ? "localhost" : hostname;
  log.info({ url: `http://${shown}:${port}`, node: process.version }, "listening");
  console.log(`\n  Sidekiq is running at http://${shown}:${port}\n`);
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    // No new connections; the app refuses new replies and lets running ones finish
    // (CHAT_DRAIN_MS), saving what is left as interrupted. It registers its hook at start-up.
    server.close();
    server.closeIdleConnections();
    try {
      await globalThis[Symbol.for("sidekiq.shutdown")]?.();
    } catch (error) {
      log.error({ err: error?.message }, "shutdown failed");
    }
    process.exit(0);
  });
}
