import "server-only";
import { measureLoadWith } from "@/server/ai/frames";

/** A thread's reply slot: held from the moment a request is accepted until its reply is saved. */
export type ThreadClaim = { setStop: (stop: () => void) => void; release: () => void };

type Entry = { userId: string; stop?: () => void };

// In-process for now; several instances will share claims and stop signals through Redis.
const g = globalThis as typeof globalThis & { __sidekiqActiveStreams?: Map<string, Entry> };
const active = (g.__sidekiqActiveStreams ??= new Map());
// Text frames grow when many replies stream at once.
measureLoadWith(() => active.size);

/**
 * Claims a thread for one reply, synchronously, so a double submit is refused before either
 * request touches the database or the model. "busy" while the user's own reply is running;
 * "foreign" when someone else holds it, which means the thread is not this user's.
 */
export function claimThread(threadId: string, userId: string): ThreadClaim | "busy" | "foreign" {
  const held = active.get(threadId);
  if (held) return held.userId === userId ? "busy" : "foreign";
  const entry: Entry = { userId };
  active.set(threadId, entry);
  return {
    setStop: (stop) => {
      entry.stop = stop;
    },
    release: () => {
      if (active.get(threadId) === entry) active.delete(threadId);
    },
  };
}

/** Stops the reply streaming into a thread. Returns false when nothing of the user's is streaming there. */
export function stopActiveStream({ threadId, userId }: { threadId: string; userId: string }): boolean {
  const entry = active.get(threadId);
  if (!entry?.stop || entry.userId !== userId) return false;
  entry.stop();
  return true;
}

export function activeStreamCount(): number {
  return active.size;
}
