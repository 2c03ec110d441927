import { FRAME_MS } from "./coalesce-deltas";

type Chunk = {
  choices?: { index?: number; delta?: Record<string, unknown>; finish_reason?: unknown; logprobs?: unknown }[];
  usage?: unknown;
};

/** A chunk whose only news is more answer text: safe to merge with its neighbours. */
function contentOnly(chunk: Chunk): string | undefined {
  if (chunk.usage != null || chunk.choices?.length !== 1) return undefined;
  const [choice] = chunk.choices;
  if (!choice || choice.finish_reason != null || choice.logprobs != null || (choice.index ?? 0) !== 0) return undefined;
  const delta = choice.delta;
  if (!delta || typeof delta.content !== "string") return undefined;
  for (const key in delta) if (key !== "content" && delta[key] != null && !(key === "role" && delta[key] === "assistant")) return undefined;
  return delta.content;
}

const encoder = new TextEncoder();

/**
 * Re-frames an OpenAI-style chat-completions event stream: runs of text-only chunks become one
 * chunk per ~30 ms frame (the first goes out at once). Every stage after this, inside the
 * provider and after it, then handles a frame instead of a token. Anything else (roles, tool
 * calls, reasoning, finish reasons, usage, errors) passes through untouched and in order.
 */
export function coalesceSseEvents(frameMs = FRAME_MS): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let buffer = "";
  let pending: { chunk: Chunk; text: string } | undefined;
  let lastEmit = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller!: TransformStreamDefaultController<Uint8Array>;
  let closed = false;

  const write = (s: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(s));
    } catch {
      closed = true;
    }
  };
  const emitPending = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const { chunk, text } = pending;
    pending = undefined;
    lastEmit = performance.now();
    chunk.choices![0]!.delta!.content = text;
    write(`data: ${JSON.stringify(chunk)}\n\n`);
  };
  const onEvent = (event: string) => {
    const data = event.startsWith("data: ") && !event.includes("\n") ? event.slice(6) : undefined;
    let chunk: Chunk | undefined;
    if (data && data !== "[DONE]") {
      try {
        chunk = JSON.parse(data) as Chunk;
      } catch {
        chunk = undefined;
      }
    }
    const text = chunk ? contentOnly(chunk) : undefined;
    // Empty text (the opening role chunk) passes as is and must not hold back the first real token.
    if (text === undefined || text === "") {
      emitPending();
      write(`${event}\n\n`);
      return;
    }
    if (pending) pending.text += text;
    else pending = { chunk: chunk!, text };
    const since = performance.now() - lastEmit;
    if (since >= frameMs) emitPending();
    else timer ??= setTimeout(emitPending, frameMs - since);
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    start: (c) => {
      controller = c;
    },
    transform: (bytes) => {
      buffer += decoder.decode(bytes, { stream: true });
      if (buffer.includes("\r")) buffer = buffer.replace(/\r\n?/g, "\n");
      let i: number;
      while ((i = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (event) onEvent(event);
      }
    },
    flush: () => {
      emitPending();
      if (buffer) write(buffer);
      closed = true;
    },
  });
}

/** A fetch for OpenAI-compatible providers whose streamed replies are re-framed by `coalesceSseEvents`. */
export function coalescingFetch(base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const res = await base(input, init);
    if (!res.ok || !res.body || !res.headers.get("content-type")?.includes("text/event-stream")) return res;
    return new Response(res.body.pipeThrough(coalesceSseEvents()), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
