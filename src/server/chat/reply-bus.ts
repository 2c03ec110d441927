import "server-only";
import type { UIMessageChunk } from "ai";
import { getRedis, type RedisConnections } from "@/server/redis";
import { errorSummary } from "@/server/errors";
import { logger } from "@/server/logger";
import { getLiveReply, type ReplyFanout, setReplyFanout } from "./live-replies";
import { ReplyDraft } from "./reply-draft";

/**
 * Live replies across instances, through Redis. The writer appends each chunk to the reply's log
 * (a list: a chunk's sequence number is its position) and publishes it on the reply's channel; a
 * reader on another instance subscribes first, then reads the log, then takes the live chunks
 * after it, so it gets every chunk once. Stop is a message on one channel every instance hears.
 * Chunks published in the same tick go out as one push and one message.
 */
const LOG_TTL_S = 600;
const ENDED_TTL_S = 120;
const STOP_CHANNEL = "sidekiq:stop";
const END = '{"__end":true}';
const logKey = (id: string) => `sidekiq:reply:${id}:log`;
const brokenKey = (id: string) => `sidekiq:reply:${id}:broken`;
const channelOf = (id: string) => `sidekiq:reply:${id}`;

type Batch = { seq: number; chunks: string[] };
type Live = { batch?: Batch; end?: true };
type Listener = (message: Live) => void;

const noop = () => {};

export class ReplyBus implements ReplyFanout {
  private readonly outbox = new Map<string, Batch>();
  /** Replies whose log missed a chunk (Redis was down): readers elsewhere follow their row instead. */
  private readonly broken = new Set<string>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly redis: RedisConnections) {
    redis.subscriber.on("message", (channel: string, message: string) => this.onMessage(channel, message));
    redis.subscriber.subscribe(STOP_CHANNEL).catch(noop);
  }

  // --- the writer's side -----------------------------------------------------------------------

  publish(replyId: string, seq: number, chunk: UIMessageChunk): void {
    if (this.broken.has(replyId)) return;
    let batch = this.outbox.get(replyId);
    if (!batch) {
      batch = { seq, chunks: [] };
      this.outbox.set(replyId, batch);
      queueMicrotask(() => this.flush(replyId));
    }
    batch.chunks.push(JSON.stringify(chunk));
  }

  end(replyId: string): void {
    this.flush(replyId);
    if (!this.broken.delete(replyId)) {
      const c = this.redis.command;
      c.rpush(logKey(replyId), END).catch(noop);
      c.expire(logKey(replyId), ENDED_TTL_S).catch(noop);
    }
    this.redis.command.publish(channelOf(replyId), JSON.stringify({ end: true })).catch(noop);
  }

  private flush(replyId: string): void {
    const batch = this.outbox.get(replyId);
    this.outbox.delete(replyId);
    if (!batch || this.broken.has(replyId)) return;
    if (!this.redis.isReady()) return this.markBroken(replyId);
    const c = this.redis.command;
    c.rpush(logKey(replyId), ...batch.chunks)
      .then((length) => {
        // A push lost while Redis was away shows as a log shorter than the chunks sent.
        if (length !== batch.seq + batch.chunks.length - 1) this.markBroken(replyId);
      })
      .catch(() => this.markBroken(replyId));
    if (batch.seq === 1) c.expire(logKey(replyId), LOG_TTL_S).catch(noop);
    c.publish(channelOf(replyId), JSON.stringify({ batch })).catch(noop);
  }

  private markBroken(replyId: string): void {
    if (this.broken.has(replyId)) return;
    this.broken.add(replyId);
    this.redis.command.set(brokenKey(replyId), "1", "EX", LOG_TTL_S).catch(noop);
  }

  /** Asks whichever instance writes the reply to stop it. */
  requestStop(replyId: string): void {
    this.redis.command.publish(STOP_CHANNEL, replyId).catch((error) => logger.warn({ err: errorSummary(error) }, "could not publish a stop"));
  }

  // --- a reader's side -----------------------------------------------------------------------

  private onMessage(channel: string, message: string): void {
    if (channel === STOP_CHANNEL) {
      getLiveReply(message)?.stop("stop");
      return;
    }
    const listeners = this.listeners.get(channel);
    if (!listeners) return;
    let parsed: Live;
    try {
      parsed = JSON.parse(message) as Live;
    } catch {
      return;
    }
    for (const l of listeners) l(parsed);
  }

  private async listen(replyId: string, listener: Listener): Promise<() => void> {
    const channel = channelOf(replyId);
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    const stop = () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(channel);
        this.redis.subscriber.unsubscribe(channel).catch(noop);
      }
    };
    if (set.size === 1) {
      const subscribed = this.redis.subscriber.subscribe(channel);
      // Not up within a second: the caller follows the row instead.
      try {
        await Promise.race([subscribed, new Promise((_, reject) => setTimeout(() => reject(new Error("subscribe timed out")), 1_000))]);
      } catch (error) {
        stop();
        throw error;
      }
    }
    return stop;
  }

  /**
   * A reply another instance writes, from its log and then live: undefined when Redis cannot
   * give all of it (down, no log, or a log that missed chunks), and the caller follows the row.
   * `onQuiet` is asked, after `quietMs` without a chunk, whether the reply is over (Redis may
   * have gone away meanwhile): it answers with the chunks that end it, from what was sent.
   */
  async follow(replyId: string, { quietMs, onQuiet }: { quietMs: number; onQuiet: (sent: ReplyDraft) => Promise<UIMessageChunk[] | undefined> }): Promise<ReadableStream<UIMessageChunk> | undefined> {
    if (!this.redis.isReady()) return undefined;
    const early: Live[] = [];
    let push: Listener = (m) => early.push(m);
    let stopListening: (() => void) | undefined;
    try {
      stopListening = await this.listen(replyId, (m) => push(m));
      const [log, broken] = await Promise.all([this.redis.command.lrange(logKey(replyId), 0, -1), this.redis.command.exists(brokenKey(replyId))]);
      if (broken || log.length === 0) {
        stopListening();
        return undefined;
      }
      return this.readerOf(log, early, (l) => (push = l), stopListening, { quietMs, onQuiet });
    } catch {
      stopListening?.();
      return undefined;
    }
  }

  private readerOf(log: string[], early: Live[], setListener: (l: Listener) => void, stopListening: () => void, o: { quietMs: number; onQuiet: (sent: ReplyDraft) => Promise<UIMessageChunk[] | undefined> }): ReadableStream<UIMessageChunk> {
    let seq = 0;
    // What this reader has passed on, so that a writer gone quiet can be caught up from its row.
    const sent = new ReplyDraft();
    let quiet: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    return new ReadableStream<UIMessageChunk>({
      start: (c) => {
        const finish = (extra: UIMessageChunk[] = []) => {
          if (done) return;
          done = true;
          clearTimeout(quiet);
          stopListening();
          for (const chunk of extra) c.enqueue(chunk);
          c.close();
        };
        const take = (chunks: string[], first: number) => {
          for (let i = 0; i < chunks.length; i++) {
            const n = first + i;
            if (chunks[i] === END) return finish();
            if (n <= seq) continue;
            // A gap: this reader cannot give the whole reply; the page then reads the saved row.
            if (n > seq + 1) return finish();
            seq = n;
            const chunk = JSON.parse(chunks[i]!) as UIMessageChunk;
            sent.apply(chunk);
            c.enqueue(chunk);
          }
        };
        const watch = () => {
          clearTimeout(quiet);
          quiet = setTimeout(async () => {
            const ending = await o.onQuiet(sent).catch(() => undefined);
            if (ending) finish(ending);
            else if (!done) watch();
          }, o.quietMs);
        };
        const onLive = (m: Live) => {
          if (done) return;
          if (m.batch) take(m.batch.chunks, m.batch.seq);
          if (m.end) finish();
          else watch();
        };
        take(log, 1);
        if (log.at(-1) === END) return finish();
        for (const m of early) onLive(m);
        setListener(onLive);
        if (!done) watch();
      },
      cancel: () => {
        done = true;
        clearTimeout(quiet);
        stopListening();
      },
    });
  }
}

const g = globalThis as typeof globalThis & { __sidekiqReplyBus?: ReplyBus | null };

/** The process's reply bus when Redis is configured; it also becomes the live replies' fanout. */
export function replyBus(): ReplyBus | undefined {
  if (g.__sidekiqReplyBus === undefined) {
    const redis = getRedis();
    g.__sidekiqReplyBus = redis ? new ReplyBus(redis) : null;
    setReplyFanout(g.__sidekiqReplyBus ?? undefined);
  }
  return g.__sidekiqReplyBus ?? undefined;
}
