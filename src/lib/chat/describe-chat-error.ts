import { APICallError } from "ai";

export type ChatErrorInfo = { message: string; status?: number; code?: string };

const FALLBACK = "Something went wrong. Please try again.";

function fromJson(text: string): { message?: string; code?: string } {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && "error" in body) {
      const inner = (body as { error: unknown }).error;
      if (typeof inner === "string") return { message: inner };
      if (inner && typeof inner === "object") {
        const { message, code } = inner as { message?: unknown; code?: unknown };
        return { message: typeof message === "string" ? message : undefined, code: typeof code === "string" ? code : undefined };
      }
    }
  } catch {
    // Not JSON: the caller falls back to the raw text.
  }
  return {};
}

/**
 * The text to show for a useChat error. Error responses are JSON `{error:{code,message}}` with
 * user-safe messages; stream errors are already masked by the server.
 */
export function describeChatError(error: Error): ChatErrorInfo {
  const status = APICallError.isInstance(error) ? error.statusCode : undefined;
  const raw = error.message?.trim() ?? "";
  if (raw.startsWith("{")) {
    const { message, code } = fromJson(raw);
    return { message: message ?? FALLBACK, status, ...(code ? { code } : {}) };
  }
  if (error.name === "TypeError" || /failed to fetch|networkerror|load failed/i.test(raw)) {
    return { message: "Couldn't reach Sidekiq. Check your connection and try again.", status };
  }
  // Long texts are stack traces or HTML error pages, not messages meant for people.
  if (!raw || raw.length > 300 || raw.startsWith("<")) return { message: FALLBACK, status };
  return { message: raw, status };
}
