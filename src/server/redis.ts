import "server-only";
import Redis from "ioredis";
import { env } from "@/env";
import { logger } from "@/server/logger";

/**
 * The process's Redis connections, when REDIS_URL is set: one for commands, one for subscriptions
 * (a connection that subscribes can do nothing else). Made once and shared by every module
 * instance, never per request.
 *
 * Redis is a helper, never a dependency: a command while it is down fails at once instead of
 * waiting in a queue (`enableOfflineQueue: false`), callers fall back to what one process can do,
 * and the connections come back on their own when Redis does (subscriptions included).
 */
export type RedisConnections = { command: Redis; subscriber: Redis; isReady: () => boolean; close: () => Promise<void> };

const g = globalThis as typeof globalThis & { __sidekiqRedis?: RedisConnections | null };

function connect(url: string): RedisConnections {
  const options = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Reconnect forever, at most every 2 s.
    retryStrategy: (times: number) => Math.min(200 * times, 2_000),
    connectTimeout: 2_000,
  };
  const command = new Redis(url, { ...options, enableAutoPipelining: true, connectionName: "sidekiq" });
  // Subscriptions may wait for the connection (they are sent once it is up, and again after every
  // reconnect): they are never on a request's path.
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null, connectionName: "sidekiq-sub" });
  let downSince: number | undefined;
  for (const [name, client] of [["command", command], ["subscriber", subscriber]] as const) {
    client.on("error", (error: Error) => {
      if (downSince !== undefined) return;
      downSince = Date.now();
      logger.warn({ err: error.message, connection: name }, "redis unavailable; replies stay on this instance until it is back");
    });
    client.on("ready", () => {
      if (downSince === undefined) return;
      logger.info({ downMs: Date.now() - downSince, connection: name }, "redis is back");
      downSince = undefined;
    });
  }
  return {
    command,
    subscriber,
    isReady: () => command.status === "ready",
    close: async () => {
      await Promise.allSettled([command.quit(), subscriber.quit()]);
    },
  };
}

/** The shared connections, or undefined without REDIS_URL. */
export function getRedis(): RedisConnections | undefined {
  if (g.__sidekiqRedis === undefined) g.__sidekiqRedis = env.REDIS_URL ? connect(env.REDIS_URL) : null;
  return g.__sidekiqRedis ?? undefined;
}
