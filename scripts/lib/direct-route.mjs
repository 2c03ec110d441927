// Lets the production server hand one App Router route handler its requests itself.
//
// POST /api/chat is the request where a millisecond shows: everything before the handler runs is
// on the path to the first token. Next's own path to a route handler (its router, route matching,
// request stores, the Node-to-web adapters) costs about 1.5 ms of CPU per request on a 2-core
// machine, which was a fifth of what the whole app added to the first token. The server therefore
// calls the built handler for that one route directly (measured with `npm run bench`: first token
// at 1 chat 7.6 → 6.4 ms; at 200 chats 66.9 → 69.5 replies/s and 14.5 → 13.7 ms CPU per reply).
//
// The handler is the same function, from the same build, that Next would call. What it does
// without is Next's request scope (`headers()`, `cookies()`, `after()`): a handler served this way
// must read everything from its Request, as the chat route does (the integration suite calls it
// exactly like this). Anything this path does not take (another method or route, a body without a
// Content-Length or over the limit, a build whose layout this does not recognize) goes through
// Next as before.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/**
 * The `method` export of the built route `route` (e.g. "/api/chat"), from Next's output in
 * `distDir`. Load it after `app.prepare()`: the route's module must be the instance Next uses.
 */
export async function loadRouteHandler({ distDir, route, method }) {
  try {
    const { routeModule } = require(path.join(path.resolve(distDir), "server", "app", route, "route.js"));
    await routeModule?.ensureUserland?.();
    const handler = routeModule?.userland?.[method];
    if (typeof handler !== "function") return { error: `the build's ${route} route has no ${method} handler this server recognizes` };
    return { handler };
  } catch (error) {
    return { error: `could not load the build's ${route} route: ${error?.message ?? error}` };
  }
}

/** Whether `req` is one `serveDirect` takes: the route and method, with a body of known, allowed length. */
export function takesRequest(req, { method, route, maxBodyBytes }) {
  if (req.method !== method) return false;
  const url = req.url ?? "";
  const q = url.indexOf("?");
  if ((q === -1 ? url : url.slice(0, q)) !== route) return false;
  const length = req.headers["content-length"];
  return length !== undefined && Number(length) <= maxBodyBytes;
}

/** Serves one Node request with a web handler: `(Request) => Promise<Response>`. */
export async function serveDirect(handler, req, res) {
  // Closed by the client before the response ended: the handler's signal and body stream hear it.
  const aborted = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) aborted.abort();
  });
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const request = new Request(`http://${req.headers.host || "localhost"}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : null,
      signal: aborted.signal,
    });
    const response = await handler(request);
    await writeResponse(response, res, aborted.signal);
  } catch (error) {
    // A client that went away mid-request is not the server's failure.
    if (aborted.signal.aborted) return;
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong." } }));
    } else {
      res.destroy();
    }
    throw error;
  }
}

async function writeResponse(response, res, aborted) {
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  res.writeHead(response.status, response.statusText || undefined);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const cancel = () => reader.cancel().catch(() => {});
  if (aborted.aborted) return cancel();
  aborted.addEventListener("abort", cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value) && !res.destroyed) await drainedOrClosed(res);
      if (res.destroyed) return;
    }
    res.end();
  } finally {
    aborted.removeEventListener("abort", cancel);
  }
}

function drainedOrClosed(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
