import type { LanguageModelMiddleware } from "ai";
import { frameMs as currentFrameMs } from "./frames";

type Part = { type: string; id?: string; delta?: string };

/**
 * Gathers a model's text and reasoning deltas into frames (50 ms, longer under load: see
 * frames.ts). Every later stage (streamText's own, the UI message stream, the live reply's
 * readers, the HTTP response) then handles a handful of frames instead of one event per token:
 * that per-event work, not the text, is what the streaming path spends its CPU on. The first
 * delta of a reply goes out at once, and nothing is merged across parts, kinds or other events.
 */
export function frameDeltas<T extends Part>(frameMs: () => number = currentFrameMs): TransformStream<T, T> {
  let pending: T | undefined;
  let lastEmit = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller!: TransformStreamDefaultController<T>;
  let closed = false;

  const emit = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const part = pending;
    pending = undefined;
    lastEmit = performance.now();
    if (closed) return;
    try {
      controller.enqueue(part);
    } catch {
      closed = true; // the stream errored or was cancelled downstream
    }
  };

  return new TransformStream<T, T>({
    start: (c) => {
      controller = c;
    },
    transform: (part, c) => {
      if (part.type !== "text-delta" && part.type !== "reasoning-delta") {
        emit();
        c.enqueue(part);
        return;
      }
      if (pending && pending.type === part.type && pending.id === part.id) pending.delta += part.delta ?? "";
      else {
        emit();
        pending = { ...part };
      }
      const since = performance.now() - lastEmit;
      const frame = frameMs();
      if (since >= frame) emit();
      else timer ??= setTimeout(emit, frame - since);
    },
    flush: () => {
      emit();
      closed = true;
    },
  });
}

/**
 * The framing, right after the provider, for every model the registry hands out. It is the AI
 * SDK's middleware hook rather than streamText's `experimental_transform`, which runs only after
 * streamText's own per-step stages have handled every token: measured in one `npm run bench` run
 * (PostgreSQL, 200 chats at once), 40.9 against 36.0 replies/s and 27.2 against 31.4 ms of CPU
 * per reply. Pinned by tests/integration/provider-contracts.test.ts for every provider.
 */
export const framingMiddleware: LanguageModelMiddleware = {
  specificationVersion: "v3",
  wrapStream: async ({ doStream }) => {
    const { stream, ...rest } = await doStream();
    return { stream: stream.pipeThrough(frameDeltas()), ...rest };
  },
};
