/**
 * Reads `source` to its end no matter what the client does, and forwards chunks to the
 * returned stream while someone is listening. A closed tab cancels only the returned stream,
 * never the model call behind `source`. `inject` adds chunks (e.g. a title) while it is open.
 */
export function detachFromClient<T>(
  source: ReadableStream<T>,
  hooks: { errorChunk: (error: unknown) => T; beforeClose?: () => Promise<void>; onEnd: () => Promise<void> },
): { stream: ReadableStream<T>; inject: (chunk: T) => void } {
  let controller!: ReadableStreamDefaultController<T>;
  let listening = true;
  const stream = new ReadableStream<T>({
    start: (c) => {
      controller = c;
    },
    cancel: () => {
      listening = false;
    },
  });
  const send = (chunk: T) => {
    if (!listening) return;
    try {
      controller.enqueue(chunk);
    } catch {
      listening = false;
    }
  };

  void (async () => {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        send(value);
      }
    } catch (error) {
      // e.g. the provider's connection dropped: tell the client; the recorder keeps the partial text.
      send(hooks.errorChunk(error));
    }
    try {
      await hooks.beforeClose?.();
    } finally {
      if (listening) {
        listening = false;
        try {
          controller.close();
        } catch {
          // already cancelled
        }
      }
      await hooks.onEnd();
    }
  })();

  return { stream, inject: send };
}
