/** Reading the UI message stream (SSE) the way a test wants it: every chunk, in order. */
export type UiChunk = { type: string; [k: string]: unknown };

/** Reads a UI message stream to its end, or until `stopAfter` chunks when given (then cancels it). */
export async function readChunks(res: Response, stopAfter?: number): Promise<UiChunk[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const chunks: UiChunk[] = [];
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let i: number;
    while ((i = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const data = event.replace(/^data: /, "");
      if (data === "[DONE]") continue;
      chunks.push(JSON.parse(data) as UiChunk);
      if (stopAfter !== undefined && chunks.length >= stopAfter) {
        await reader.cancel();
        return chunks;
      }
    }
  }
  return chunks;
}

export const textOf = (chunks: UiChunk[]) =>
  chunks.filter((c) => c.type === "text-delta").map((c) => c.delta as string).join("");

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, { timeoutMs = 10_000, intervalMs = 25 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Reads a UI message stream in the background: the chunks so far, its end, and a way to hang up. */
export function follow(res: Response) {
  const chunks: UiChunk[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let cancelled = false;
  const done = (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        buffer += value;
        let i: number;
        while ((i = buffer.indexOf("\n\n")) >= 0) {
          const data = buffer.slice(0, i).replace(/^data: /, "");
          buffer = buffer.slice(i + 2);
          if (data !== "[DONE]") chunks.push(JSON.parse(data) as UiChunk);
        }
      }
    } catch (error) {
      if (!cancelled) throw error;
    }
    return chunks;
  })();
  // A reader whose server dies rejects; a test that expects it awaits `done` later.
  done.catch(() => {});
  return {
    chunks,
    done,
    text: () => textOf(chunks),
    /** The last word on the reply's status the stream carried. */
    status: () => [...chunks].reverse().map((c) => (c.messageMetadata as { status?: string } | undefined)?.status).find(Boolean),
    cancel: async () => {
      cancelled = true;
      await reader.cancel().catch(() => {});
    },
    /** Waits until the reply has at least `n` characters of text. */
    textAtLeast: (n: number, timeoutMs = 10_000) => waitFor(() => textOf(chunks).length >= n, { timeoutMs, intervalMs: 10 }),
  };
}
