import "server-only";
import type { UIMessageChunk } from "ai";
import type { ChatMessageMetadata } from "@/lib/chat/message";
import { measureLoadWith } from "@/server/ai/frames";
import { ReplyDraft } from "./reply-draft";

type Subscriber = ReadableStreamDefaultController<UIMessageChunk>;

/** Where a live reply's frames also go, beyond this process (Redis, when configured). */
export type ReplyFanout = { publish: (replyId: string, seq: number, chunk: UIMessageChunk) => void; end: (replyId: string) => void };

/**
 * A reply being written by this process: the UI message chunks so far (a resumer gets them all,
 * then the live ones, with nothing missed or repeated), its draft for checkpoints, and how to
 * stop its model call.
 */
export class LiveReply {
  readonly draft = new ReplyDraft();
  readonly abort = new AbortController();
  /** Why the model call was aborted, when it was. */
  abortReason?: "stop" | "shutdown";
  /** The status it was saved with, sent to every subscriber as the last chunk. */
  final?: ChatMessageMetadata;
  /** The draft version last written to the database. */
  checkpointed = -1;
  private readonly chunks: UIMessageChunk[] = [];
  private readonly subscribers = new Set<Subscriber>();
  private ended = false;
  private resolveEnded!: () => void;
  readonly whenEnded = new Promise<void>((resolve) => (this.resolveEnded = resolve));

  constructor(
    readonly id: string,
    readonly threadId: string,
    readonly userId: string,
    private readonly fanout?: ReplyFanout,
  ) {}

  /** Sends a chunk to every subscriber and keeps it for later ones (transient ones are not kept). */
  publish(chunk: UIMessageChunk, { keep = true } = {}): void {
    if (this.ended) return;
    if (keep) {
      this.chunks.push(chunk);
      this.draft.apply(chunk);
      this.fanout?.publish(this.id, this.chunks.length, chunk);
    }
    for (const s of this.subscribers) {
      try {
        s.enqueue(chunk);
      } catch {
        this.subscribers.delete(s);
      }
    }
  }

  /** Every chunk so far, then the live ones until the reply ends. Cancelling it leaves the reply running. */
  subscribe(): ReadableStream<UIMessageChunk> {
    let self: Subscriber | undefined;
    return new ReadableStream<UIMessageChunk>({
      start: (c) => {
        for (const chunk of this.chunks) c.enqueue(chunk);
        if (this.ended) c.close();
        else this.subscribers.add((self = c));
      },
      cancel: () => {
        if (self) this.subscribers.delete(self);
      },
    });
  }

  /** Asks the model call to stop; the reply is then saved with what it has. */
  stop(reason: "stop" | "shutdown"): void {
    this.abortReason ??= reason;
    this.abort.abort();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const s of this.subscribers) {
      try {
        s.close();
      } catch {
        // already cancelled
      }
    }
    this.subscribers.clear();
    this.fanout?.end(this.id);
    registry().byId.delete(this.id);
    this.resolveEnded();
  }
}

type Registry = { byId: Map<string, LiveReply>; fanout?: ReplyFanout };

// On globalThis: Next loads the chat route, the tRPC route and instrumentation as separate module
// instances, and all of them must see the same live replies.
const g = globalThis as typeof globalThis & { __sidekiqLiveReplies?: Registry };
function registry(): Registry {
  return (g.__sidekiqLiveReplies ??= { byId: new Map() });
}
// Text frames grow when many replies stream at once.
measureLoadWith(() => registry().byId.size);

/** Where new replies' frames also go (set once at start-up when Redis is configured). */
export function setReplyFanout(fanout: ReplyFanout | undefined): void {
  registry().fanout = fanout;
}

export function openLiveReply({ id, threadId, userId }: { id: string; threadId: string; userId: string }): LiveReply {
  const reply = new LiveReply(id, threadId, userId, registry().fanout);
  registry().byId.set(id, reply);
  return reply;
}

export function getLiveReply(id: string): LiveReply | undefined {
  return registry().byId.get(id);
}

export function liveReplies(): LiveReply[] {
  return [...registry().byId.values()];
}
