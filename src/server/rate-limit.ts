import "server-only";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/env";
import { AppError } from "@/server/errors";
import { sharedLimiter } from "@/server/shared-limiter";

/**
 * So many actions per user per minute (0 turns it off), counted with rate-limiter-flexible: in
 * Redis when it is configured (every instance shares the count), in this process otherwise.
 */
export class UserRateLimit {
  private readonly limiter: RateLimiterAbstract | undefined;

  constructor(
    perMinute: number,
    limiter?: RateLimiterAbstract,
    private readonly tooQuickly: (seconds: number) => string = (s) => `You're sending messages too quickly. Try again in ${s} s.`,
  ) {
    this.limiter = perMinute > 0 ? (limiter ?? new RateLimiterMemory({ keyPrefix: "user", points: perMinute, duration: 60 })) : undefined;
  }

  /** Counts one action for the user, or throws RATE_LIMITED (429) with how long to wait. */
  async take(userId: string): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(userId);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError("RATE_LIMITED", { message: this.tooQuickly(seconds), headers: { "retry-after": String(seconds) } });
    }
  }
}

const g = globalThis as typeof globalThis & { __sidekiqChatRateLimit?: UserRateLimit; __sidekiqWriteRateLimit?: UserRateLimit };

/**
 * Messages a user may send per minute (`CHAT_RATE_LIMIT_PER_MINUTE`). Each one costs a model
 * call, so this keeps one account, or a script holding its cookie, from spending the provider
 * budget of everyone else. One per process, shared by every module instance Next makes.
 */
export function chatRateLimit(): UserRateLimit {
  const perMinute = env.CHAT_RATE_LIMIT_PER_MINUTE;
  g.__sidekiqChatRateLimit ??= new UserRateLimit(perMinute, perMinute > 0 ? sharedLimiter({ keyPrefix: "chat", points: perMinute, durationS: 60 }) : undefined);
  return g.__sidekiqChatRateLimit;
}

/** tRPC mutations a user may make per minute (`WRITE_RATE_LIMIT_PER_MINUTE`): folders, Sidekiqs, shares, renames. */
export function writeRateLimit(): UserRateLimit {
  const perMinute = env.WRITE_RATE_LIMIT_PER_MINUTE;
  g.__sidekiqWriteRateLimit ??= new UserRateLimit(
    perMinute,
    perMinute > 0 ? sharedLimiter({ keyPrefix: "write", points: perMinute, durationS: 60 }) : undefined,
    (s) => `You're making changes too quickly. Try again in ${s} s.`,
  );
  return g.__sidekiqWriteRateLimit;
}
