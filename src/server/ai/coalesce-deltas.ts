import type { LanguageModelMiddleware } from "ai";

import { frameMs as currentFrameMs } from "./frames";

type Delta = { type: "text-delta" | "reasoning-delta"; id: string; delta: string };
type Part = { type: string } & Partial<Omit<Delta, "type">>;

/**
 * Gathers a provider's text and reasoning deltas into frames (50 ms, longer under load: see
 * frames.ts). It runs right after the provider, so every later stage (streamText's own, the UI
 * stream, the HTTP response) handles a handful of frames instead of one event per token: that
 * per-event work, not the text, is what the streaming path spends its CPU on.
 */
export function coalesceDeltas<T extends Part>(frameMs: () => number = currentFrameMs): TransformStream<T, T> {
  let pending: (T & Delta) | undefined;
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
      const d = part as T & Delta;
      if (pending && pending.type === d.type && pending.id === d.id) pending.delta += d.delta;
      else {
        emit();
        pending = { ...d };
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

export const coalesceDeltasMiddleware: LanguageModelMiddleware = {
  wrapStream: async ({ doStream }) => {
    const { stream, ...rest } = await doStream();
    return { stream: stream.pipeThrough(coalesceDeltas()), ...rest };
  },
};
