import "server-only";
import { errorSummary } from "@/server/errors";
import { logger } from "@/server/logger";
import { getRedis } from "@/server/redis";
import { type Eviction, VerifiedSessions } from "./verified-sessions";

const CHANNEL = "sidekiq:sessions:evict";

const g = globalThis as typeof globalThis & { __sidekiqSessions?: VerifiedSessions<object>; __sidekiqEvictionsListening?: boolean };

/** The process's verified sessions, shared by every module instance Next makes. */
export function verifiedSessions<U extends object>(): VerifiedSessions<U> {
  g.__sidekiqSessions ??= new VerifiedSessions<object>();
  listenForEvictions();
  return g.__sidekiqSessions as unknown as VerifiedSessions<U>;
}

/**
 * A session ended (sign-out, revoked, every session of a user signed out, a password changed, a
 * user changed or deleted): this instance forgets it at once, and every other one when Redis
 * tells it, so the next request with that cookie is verified against the database and refused.
 */
export function evictSessions(target: Eviction): void {
  verifiedSessions().evict(target);
  getRedis()
    ?.command.publish(CHANNEL, JSON.stringify(target))
    .catch((error: unknown) => logger.warn({ err: errorSummary(error) }, "could not publish a session eviction; other instances forget it within 30 s"));
}

function listenForEvictions(): void {
  const redis = getRedis();
  if (!redis || g.__sidekiqEvictionsListening) return;
  g.__sidekiqEvictionsListening = true;
  redis.subscriber.on("message", (channel: string, message: string) => {
    if (channel !== CHANNEL) return;
    try {
      const { token, userId } = JSON.parse(message) as Eviction;
      g.__sidekiqSessions?.evict({ token: typeof token === "string" ? token : undefined, userId: typeof userId === "string" ? userId : undefined });
    } catch {
      // Not ours.
    }
  });
  redis.subscriber.subscribe(CHANNEL).catch((error: unknown) => logger.warn({ err: errorSummary(error) }, "could not subscribe to session evictions"));
}
