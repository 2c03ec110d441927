import "server-only";

type ActiveStream = { userId: string; messageId: string; stop: () => void };

// In-process for now; several instances will share stop signals through Redis.
const g = globalThis as typeof globalThis & { __sidekiqActiveStreams?: Map<string, ActiveStream> };
const active = (g.__sidekiqActiveStreams ??= new Map());

export function registerActiveStream(threadId: string, stream: ActiveStream): () => void {
  active.set(threadId, stream);
  return () => {
    if (active.get(threadId) === stream) active.delete(threadId);
  };
}

/** Stops the reply streaming into a thread. Returns false when nothing of the user's is streaming there. */
export function stopActiveStream({ threadId, userId }: { threadId: string; userId: string }): boolean {
  const stream = active.get(threadId);
  if (!stream || stream.userId !== userId) return false;
  stream.stop();
  return true;
}

export function activeStreamCount(): number {
  return active.size;
}

export function isStreaming(threadId: string): boolean {
  return active.has(threadId);
}
