import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

type ErrorSpec = { status: number; trpc: TRPC_ERROR_CODE_KEY; message: string };

/** The closed set of errors users can see. Causes stay on the server. */
export const ERROR_TABLE = {
  BAD_REQUEST: { status: 400, trpc: "BAD_REQUEST", message: "The request is not valid." },
  UNAUTHORIZED: { status: 401, trpc: "UNAUTHORIZED", message: "Sign in to continue." },
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND", message: "Not found." },
  CONFLICT: { status: 409, trpc: "CONFLICT", message: "This message was already sent." },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: "PAYLOAD_TOO_LARGE", message: "The message is too long." },
  MODEL_UNAVAILABLE: { status: 400, trpc: "BAD_REQUEST", message: "That model is not available." },
  NO_PROVIDER: {
    status: 503,
    trpc: "PRECONDITION_FAILED",
    message:
      "No AI provider is configured. Set OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY, OPENROUTER_API_KEY, AI_GATEWAY_API_KEY or OPENAI_COMPATIBLE_BASE_URL and restart.",
  },
  RATE_LIMITED: { status: 429, trpc: "TOO_MANY_REQUESTS", message: "Too many requests. Try again shortly." },
  PROVIDER_ERROR: { status: 502, trpc: "INTERNAL_SERVER_ERROR", message: "The model provider failed. Try again." },
  INTERNAL: { status: 500, trpc: "INTERNAL_SERVER_ERROR", message: "Something went wrong." },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export class AppError extends Error {
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

/** Turns anything thrown into an AppError without leaking the cause's text. */
export function toAppError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError("INTERNAL", { cause: error });
}
