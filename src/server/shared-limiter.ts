import "server-only";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { BetterAuthOptions } from "better-auth";
import { getRedis } from "@/server/redis";

/**
 * A per-key limit counted in Redis when it is configured (every instance shares the count), and
 * in this process's memory otherwise, or for as long as Redis is unreachable (its insurance).
 */
export function sharedLimiter({ keyPrefix, points, durationS }: { keyPrefix: string; points: number; durationS: number }): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration: durationS });
  const redis = getRedis();
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis.command,
    keyPrefix: `sidekiq:rl:${keyPrefix}`,
    points,
    duration: durationS,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

type RateLimitStorage = NonNullable<NonNullable<BetterAuthOptions["rateLimit"]>["customStorage"]>;

/**
 * Better Auth's rate limit (sign-in, sign-up and the rest), shared by every instance through
 * Redis when it is configured; undefined otherwise, and Better Auth counts in memory.
 */
export function sharedAuthRateLimitStorage(): RateLimitStorage | undefined {
  if (!getRedis()) return undefined;
  const limiters = new Map<string, RateLimiterAbstract>();
  return {
    consume: async (key, { window, max }) => {
      const rule = `${window}:${max}`;
      let limiter = limiters.get(rule);
      if (!limiter) limiters.set(rule, (limiter = sharedLimiter({ keyPrefix: `auth:${rule}`, points: max, durationS: window })));
      try {
        await limiter.consume(key);
        return { allowed: true, retryAfter: null };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        return { allowed: false, retryAfter: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
      }
    },
  };
}
