import { APICallError } from "ai";

export type ChatErrorInfo = { message: string; status?: number };

const FALLBACK = "Something went wrong. Please try again.";

function messageFromJson(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && "error" in body) {
      const inner = (body as { error: unknown }).error;
      if (inner && typeof inner === "object" && "message" in inner && typeof inner.message === "string") return inner.message;
      if (typeof inner === "string") return inner;
    }
  } catch {
    // Not JSON: the caller falls back to the raw text.
  }
  return undefined;
}

/**
 * The text to show for a useChat error. Error responses are JSON `{error:{code,message}}` with
 * user-safe messages; stream errors are already masked by the server.
 */
export function describeChatError(error: Error): ChatErrorInfo {
  const status = APICallError.isInstance(error) ? error.statusCode : undefined;
  const raw = error.message?.trim() ?? "";
  if (raw.startsWith("{")) return { message: messageFromJson(raw) ?? FALLBACK, status };
  if (error.name === "TypeError" || /failed to fetch|networkerror|load failed/i.test(raw)) {
    return { message: "Couldn't reach Sidekiq. Check your connection and try again.", status };
  }
  // Long texts are stack traces or HTML error pages, not messages meant for people.
  if (!raw || raw.length > 300 || raw.startsWith("<")) return { message: FALLBACK, status };
  return { message: raw, status };
}
