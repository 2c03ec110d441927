import { UI_MESSAGE_STREAM_HEADERS, type TextStreamPart, type ToolSet, type UIMessageChunk } from "ai";
import type { ReplyRecorder } from "./reply-recorder";

export type ReplyStreamOptions = {
  parts: ReadableStream<TextStreamPart<ToolSet>>;
  recorder: ReplyRecorder;
  /** A model part → the UI message chunk the browser gets, if any. */
  toChunk: (part: TextStreamPart<ToolSet>) => UIMessageChunk | undefined;
  errorChunk: (error: unknown) => UIMessageChunk;
  /** Runs after the model is done and before the response closes. */
  beforeClose?: () => Promise<void>;
  /** Runs once the model is done, whatever happened, before the response ends: save the reply here. */
  onEnd: () => Promise<void>;
};

const encoder = new TextEncoder();
const sse = (chunk: UIMessageChunk | "[DONE]") => encoder.encode(`data: ${chunk === "[DONE]" ? chunk : JSON.stringify(chunk)}\n\n`);

/**
 * The whole trip from `streamText`'s parts to the bytes of the HTTP response, in one stream stage:
 * it records each part, converts and encodes it, and reads the model to its end no matter what
 * the client does. A closed tab cancels only the response, never the model call; `inject` adds
 * chunks of our own (the title) while the response is open.
 */
export function createReplyStream(o: ReplyStreamOptions): { response: (headers: HeadersInit) => Response; inject: (chunk: UIMessageChunk) => void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let listening = true;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: () => {
      listening = false;
    },
  });
  const send = (chunk: UIMessageChunk | "[DONE]") => {
    if (!listening) return;
    try {
      controller.enqueue(sse(chunk));
    } catch {
      listening = false;
    }
  };

  void (async () => {
    const reader = o.parts.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        o.recorder.record(value);
        const chunk = o.toChunk(value);
        if (chunk) send(chunk);
      }
    } catch (error) {
      // e.g. the provider's connection dropped: the recorder keeps the partial text.
      o.recorder.fail(error);
      send(o.errorChunk(error));
    }
    try {
      await o.beforeClose?.();
    } finally {
      // Saved before the response ends: when the browser sees the end, the next message can follow.
      await o.onEnd().catch(() => {});
      send("[DONE]");
      if (listening) {
        listening = false;
        try {
          controller.close();
        } catch {
          // already cancelled
        }
      }
    }
  })();

  return {
    // no-transform keeps compression middleware from gzipping (and buffering) every frame.
    response: (headers) =>
      new Response(body, { headers: { ...UI_MESSAGE_STREAM_HEADERS, "cache-control": "no-cache, no-transform", ...headers } }),
    inject: send,
  };
}
