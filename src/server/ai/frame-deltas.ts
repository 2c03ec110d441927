import type { StreamTextTransform, TextStreamPart, ToolSet } from "ai";
import { frameMs as currentFrameMs } from "./frames";

type Delta = Extract<TextStreamPart<ToolSet>, { type: "text-delta" | "reasoning-delta" }>;

/**
 * Gathers text and reasoning deltas into frames (50 ms, longer under load: see frames.ts), for
 * every provider, as `streamText`'s `experimental_transform`. Every later stage (the UI message
 * stream, the live reply's subscribers, the HTTP response) then handles a handful of frames
 * instead of one event per token: that per-event work, not the text, is what the streaming path
 * spends its CPU on. The first delta of a reply goes out at once, and nothing is merged across
 * parts, kinds or other events.
 */
export function frameDeltas(frameMs: () => number = currentFrameMs): StreamTextTransform<ToolSet> {
  return () => {
    let pending: Delta | undefined;
    let lastEmit = Number.NEGATIVE_INFINITY;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller!: TransformStreamDefaultController<TextStreamPart<ToolSet>>;
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

    return new TransformStream<TextStreamPart<ToolSet>, TextStreamPart<ToolSet>>({
      start: (c) => {
        controller = c;
      },
      transform: (part, c) => {
        if (part.type !== "text-delta" && part.type !== "reasoning-delta") {
          emit();
          c.enqueue(part);
          return;
        }
        if (pending && pending.type === part.type && pending.id === part.id) pending.text += part.text;
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
  };
}
