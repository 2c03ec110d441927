import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

type ErrorSpec = { status: number; trpc: TRPC_ERROR_CODE_KEY; message: string };

/** The closed set of errors users can see. Causes stay on the server. */
export const ERROR_TABLE = {
  BAD_REQUEST: { status: 400, trpc: "BAD_REQUEST", message: "The request is not valid." },
  UNAUTHORIZED: { status: 401, trpc: "UNAUTHORIZED", message: "Sign in to continue." },
  FORBIDDEN: { status: 403, trpc: "FORBIDDEN", message: "You can't change this." },
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND", message: "Not found." },
  CONFLICT: { status: 409, trpc: "CONFLICT", message: "This message was already sent." },
  REPLY_IN_PROGRESS: { status: 409, trpc: "CONFLICT", message: "A reply is still being written in this chat. Wait for it or stop it first." },
  SIDEKIQ_UNAVAILABLE: {
    status: 410,
    trpc: "PRECONDITION_FAILED",
    message: "This chat's Sidekiq is no longer available to you. Continue without it to keep chatting.",
  },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: "PAYLOAD_TOO_LARGE", message: "The message is too long." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, trpc: "UNSUPPORTED_MEDIA_TYPE", message: "Send the request as application/json." },
  QUOTA_EXCEEDED: { status: 403, trpc: "FORBIDDEN", message: "You have reached a limit of your account." },
  MODEL_UNAVAILABLE: { status: 400, trpc: "BAD_REQUEST", message: "That model is not available." },
  NO_PROVIDER: {
    status: 503,
    trpc: "PRECONDITION_FAILED",
    message:
      "No AI provider is configured. Set OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY, OPENROUTER_API_KEY, AI_GATEWAY_API_KEY or OPENAI_COMPATIBLE_BASE_URL and restart.",
  },
  RATE_LIMITED: { status: 429, trpc: "TOO_MANY_REQUESTS", message: "Too many requests. Try again shortly." },
  UNAVAILABLE: { status: 503, trpc: "SERVICE_UNAVAILABLE", message: "Sidekiq is briefly unavailable. Try again in a few seconds." },
  PROVIDER_ERROR: { status: 502, trpc: "INTERNAL_SERVER_ERROR", message: "The model provider failed. Try again." },
  INTERNAL: { status: 500, trpc: "INTERNAL_SERVER_ERROR", message: "Something went wrong." },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_TABLE;

// `next build` bundles a module into more than one chunk, so an AppError thrown in one copy of
// this file is not an `instanceof` the class of another copy (it answered 500 in production).
// A registered symbol is the same in every copy.
const BRAND = Symbol.for("sidekiq.AppError");

export class AppError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly details?: unknown;
  /** Extra response headers, e.g. Retry-After on a 429. */
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, options?: { message?: string; cause?: unknown; details?: unknown; headers?: Record<string, string> }) {
    super(options?.message ?? ERROR_TABLE[code].message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options?.details;
    this.headers = options?.headers;
  }

  get status(): number {
    return ERROR_TABLE[this.code].status;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }

  toResponse(): Response {
    return Response.json(this.toJSON(), { status: this.status, headers: this.headers });
  }
}

/** True for an AppError from any copy of this module. */
export function isAppError(error: unknown): error is AppError {
  return typeof error === "object" && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}

/**
 * Turns anything thrown into an AppError without leaking the cause's text. A database that
 * cannot be reached is a 503 the client may retry, not a 500.
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (isDatabaseUnavailable(error)) return new AppError("UNAVAILABLE", { cause: error, headers: { "retry-after": "5" } });
  return new AppError("INTERNAL", { cause: error });
}

// Connection-level failures of postgres.js and node's sockets, and PostgreSQL's own
// "cannot connect now" / admin-shutdown classes (57P01-57P03, 08xxx).
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P02", "57P03"]);

/** An error and its causes, outermost first (drivers and drizzle wrap one in another). */
export function* causesOf(error: unknown): Generator<Record<string, unknown>> {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) yield e as Record<string, unknown>;
}

/** Whether an error (or one of its causes) means the database is unreachable right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causesOf(error)) {
    const code = e.code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
    const errors = e.errors;
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}

/** Name, code, status and message of an error for the logs: never query parameters (they hold prompts) or headers (keys). */
export function errorSummary(error: unknown): { name?: string; code?: string; message?: string; statusCode?: number } {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 300) };
  // Drizzle wraps a driver error in one whose message is the whole query with its parameters.
  const wrapped = "query" in error && "params" in error;
  if (wrapped && !(error.cause instanceof Error)) return { name: "DrizzleQueryError", message: "database query failed" };
  const root = wrapped ? (error.cause as Error) : error;
  const code = (root as { code?: unknown }).code;
  const statusCode = (root as { statusCode?: number }).statusCode;
  return { name: root.name, code: typeof code === "string" ? code : undefined, message: root.message.slice(0, 300), statusCode };
}

/** The row, or a 404: what a procedure answers for a thing that is not the caller's (or not there). */
export function found<T>(row: T | undefined): T {
  if (row === undefined) throw new AppError("NOT_FOUND");
  return row;
}
