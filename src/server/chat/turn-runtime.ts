import "server-only";
import pRetry from "p-retry";
import { env } from "@/env";
import { messageText } from "@/lib/chat/message";
import type { Db } from "@/server/db/client";
import { type Checkpoint, saveCheckpoints, sweepExpiredReplies } from "@/server/db/queries/turns";
import { AppError, errorSummary, isDatabaseUnavailable } from "@/server/errors";
import { logger } from "@/server/logger";
import { getLiveReply, liveReplies } from "./live-replies";
import { replyBus } from "./reply-bus";
import { getRedis } from "@/server/redis";

/**
 * Retries a write for as long as the database is unreachable (up to `maxRetryTime`), with
 * backoff; any other error fails at once.
 */
export function retryWhileDatabaseIsDown<T>(write: () => Promise<T>, { maxRetryTime = 5 * 60_000, signal }: { maxRetryTime?: number; signal?: AbortSignal } = {}): Promise<T> {
  return pRetry(write, {
    retries: Number.POSITIVE_INFINITY,
    minTimeout: 200,
    maxTimeout: 5_000,
    maxRetryTime,
    signal,
    shouldRetry: ({ error }) => isDatabaseUnavailable(error),
  });
}

/**
 * What keeps this process's replies durable: a checkpoint of every live reply in one statement
 * per tick (their parts so far and a heartbeat), a sweeper that marks replies whose writer died
 * as interrupted, and the drain on shutdown.
 */
export class TurnRuntime {
  private db?: Db;
  private draining = false;
  private checkpointTimer?: ReturnType<typeof setTimeout>;
  private sweepTimer?: ReturnType<typeof setInterval>;
  private checkpointing?: Promise<void>;
  private readonly stopped = new AbortController();
  /** Checkpoint statements written, the rows they carried, and their latest latencies (for the bench, via /api/health). */
  readonly stats = { checkpoints: 0, rows: 0, latenciesMs: [] as number[] };

  /** Starts the checkpoints and the sweeper (once; the first turn does it if start-up did not). */
  start(db: Db): void {
    if (this.db) return;
    this.db = db;
    // With Redis, live replies fan out to other instances and Stop reaches them.
    replyBus();
    this.scheduleCheckpoint();
    void this.sweep();
    // Often enough that an interrupted reply shows as such soon after its lease ends.
    this.sweepTimer = setInterval(() => void this.sweep(), Math.max(1_000, Math.min(10_000, env.CHAT_STREAM_LEASE_MS / 3))).unref();
  }

  /** Throws 503 while the process is shutting down. */
  assertAccepting(db: Db): void {
    this.start(db);
    if (this.draining) throw new AppError("UNAVAILABLE", { message: "This server is restarting. Try again in a moment.", headers: { "retry-after": "2" } });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  private scheduleCheckpoint(): void {
    this.checkpointTimer = setTimeout(() => {
      this.checkpointing = this.checkpoint().finally(() => {
        this.checkpointing = undefined;
        if (!this.stopped.signal.aborted) this.scheduleCheckpoint();
      });
    }, env.CHAT_CHECKPOINT_MS).unref();
  }

  /**
   * Writes every live reply's checkpoint in one statement, retried with backoff while the
   * database is down (each attempt takes the replies as they are then), and stops the replies
   * a Stop was asked for on another instance.
   */
  async checkpoint(): Promise<void> {
    const db = this.db;
    if (!db) return;
    try {
      await retryWhileDatabaseIsDown(
        async () => {
          const live = liveReplies();
          const versions = live.map((r) => r.draft.version);
          const batch: Checkpoint[] = live.map((r, i) =>
            r.checkpointed === versions[i] ? { id: r.id } : { id: r.id, parts: r.draft.parts, text: messageText(r.draft.parts) },
          );
          const started = performance.now();
          const rows = await saveCheckpoints(db, batch);
          this.recordCheckpoint(batch.length, performance.now() - started);
          live.forEach((r, i) => (r.checkpointed = versions[i]!));
          for (const row of rows) if (row.stop) getLiveReply(row.id)?.stop("stop");
        },
        { signal: this.stopped.signal },
      );
    } catch (error) {
      if (!this.stopped.signal.aborted) logger.error({ err: errorSummary(error) }, "checkpoint failed");
    }
  }

  private recordCheckpoint(rows: number, ms: number): void {
    if (rows === 0) return;
    this.stats.checkpoints++;
    this.stats.rows += rows;
    this.stats.latenciesMs.push(ms);
    if (this.stats.latenciesMs.length > 2_000) this.stats.latenciesMs.splice(0, 1_000);
  }

  private async sweep(): Promise<void> {
    if (!this.db) return;
    try {
      const swept = await sweepExpiredReplies(this.db, { leaseMs: env.CHAT_STREAM_LEASE_MS, except: liveReplies().map((r) => r.id) });
      if (swept.length) logger.warn({ replies: swept.length }, "marked replies whose writer stopped as interrupted");
    } catch (error) {
      logger.warn({ err: errorSummary(error) }, "sweep failed");
    }
  }

  /**
   * SIGTERM: accept no new replies, let the running ones finish for up to `drainMs`, then stop
   * the rest (saved as interrupted, with what they have) and write a last checkpoint.
   */
  async shutdown(drainMs = env.CHAT_DRAIN_MS): Promise<void> {
    this.draining = true;
    const running = liveReplies();
    logger.info({ replies: running.length, drainMs }, "draining");
    const all = Promise.all(running.map((r) => r.whenEnded));
    await Promise.race([all, new Promise((r) => setTimeout(r, drainMs))]);
    const left = liveReplies();
    for (const r of left) r.stop("shutdown");
    // Their finish writes save them as interrupted; give those a few seconds.
    await Promise.race([Promise.all(left.map((r) => r.whenEnded)), new Promise((r) => setTimeout(r, 5_000))]);
    if (liveReplies().length) await Promise.race([this.checkpoint(), new Promise((r) => setTimeout(r, 2_000))]);
    this.stopped.abort();
    clearTimeout(this.checkpointTimer);
    clearInterval(this.sweepTimer);
    await this.checkpointing?.catch(() => {});
    await getRedis()?.close();
  }
}

const g = globalThis as typeof globalThis & { __sidekiqTurnRuntime?: TurnRuntime };

/** The process's runtime, shared by every module instance Next makes. */
export function turnRuntime(): TurnRuntime {
  g.__sidekiqTurnRuntime ??= new TurnRuntime();
  return g.__sidekiqTurnRuntime;
}
