import "server-only";
import { AppError } from "@/server/errors";

/**
 * The one way a route reads a request body: as a stream, never past its limit. A declared
 * Content-Length over the limit is refused before a byte is read; a body without one (chunked)
 * is read until the limit plus one byte, then no further. Either way the answer is a
 * 413 that names the limit, and the process never holds more than the limit of it. (What the
 * client still sends after the answer is read and dropped by scripts/serve.mjs, for a moment.)
 *
 * `Request.text()`, `.json()`, `.formData()` and `.arrayBuffer()` read the whole body first:
 * a 300 MB body to a route that used them grew the process by 300 MB before the size check.
 */

/** `12 MB`, `64 KB`: a limit as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MB`;
  if (bytes >= 1_000_000 && bytes % 1_000_000 === 0) return `${bytes / 1_000_000} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  if (bytes >= 1000 && bytes % 1000 === 0) return `${bytes / 1000} KB`;
  return `${bytes.toLocaleString("en-US")} bytes`;
}

/** What a limit is for, as the 413 says it: "Images are limited to 1 MB." A field names the form's field. */
export type BodyLimit = { bytes: number; what?: string; field?: string };

/** The 413 for a body past its limit, with the limit in its message and details. */
export function bodyTooLarge({ bytes, what = "Request bodies", field }: BodyLimit): AppError {
  const message = `${what} are limited to ${formatBytes(bytes)}.`;
  return new AppError("PAYLOAD_TOO_LARGE", { message, details: { limitBytes: bytes, ...(field ? { issues: [{ path: [field], message }] } : {}) } });
}

/** Refuses a body whose declared length is over the limit (or not a length at all), unread. */
export function assertDeclaredLength(req: Request, limit: BodyLimit): void {
  const declared = req.headers.get("content-length");
  if (declared === null) return;
  if (!/^\d{1,15}$/.test(declared.trim())) throw new AppError("BAD_REQUEST", { message: "The request's Content-Length is not a length." });
  if (Number(declared) > limit.bytes) throw bodyTooLarge(limit);
}

/**
 * The body's chunks as they arrive. Past `limit` bytes reading stops and the 413 is thrown; a
 * consumer may stop early too.
 */
export async function* boundedChunks(req: Request, limit: BodyLimit): AsyncGenerator<Uint8Array> {
  assertDeclaredLength(req, limit);
  if (!req.body) return;
  const reader = req.body.getReader();
  let size = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) return;
      size += next.value.byteLength;
      if (size > limit.bytes) throw bodyTooLarge(limit);
      yield next.value;
    }
  } finally {
    // Not cancelled: cancelling destroys the request under it, and with it the rest of the body's
    // way off the connection. scripts/serve.mjs reads and drops that rest once the answer is sent.
    reader.releaseLock();
  }
}

/** The whole body, at most `limit` bytes of it. */
export async function readBody(req: Request, limit: BodyLimit): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of boundedChunks(req, limit)) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The body as UTF-8 text (malformed bytes become U+FFFD, as `Request.text()` does). */
export async function readText(req: Request, limit: BodyLimit): Promise<string> {
  return new TextDecoder().decode(await readBody(req, limit));
}

/**
 * The same request with its body read (within the limit) and held, for a library that reads
 * bodies whole itself (tRPC, Better Auth). `headers` replaces the request's headers.
 */
export async function withBoundedBody(req: Request, limit: BodyLimit, headers: Headers = req.headers): Promise<Request> {
  const method = req.method.toUpperCase();
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req, limit);
  return new Request(req.url, { method, headers, body, signal: req.signal });
}
