import "server-only";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/env";
import { AppError } from "@/server/errors";
import { sharedLimiter } from "@/server/shared-limiter";

/**
 * Messages a user may send per minute (`CHAT_RATE_LIMIT_PER_MINUTE`, 0 turns it off). Each one
 * costs a model call, so this keeps one account, or a script holding its cookie, from spending
 * the provider budget of everyone else; with Redis, across all instances.
 */
export class ChatRateLimit {
  private readonly limiter: RateLimiterAbstract | undefined;

  constructor(perMinute: number, limiter?: RateLimiterAbstract) {
    this.limiter = perMinute > 0 ? (limiter ?? new RateLimiterMemory({ keyPrefix: "chat", points: perMinute, duration: 60 })) : undefined;
  }

  /** Counts one message for the user, or throws RATE_LIMITED (429) with how long to wait. */
  async take(userId: string): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(userId);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError("RATE_LIMITED", {
        message: `You're sending messages too quickly. Try again in ${seconds} s.`,
        headers: { "retry-after": String(seconds) },
      });
    }
  }
}

const g = globalThis as typeof globalThis & { __sidekiqChatRateLimit?: ChatRateLimit };

/** The process's limiter, shared by every module instance Next makes. */
export function chatRateLimit(): ChatRateLimit {
  const perMinute = env.CHAT_RATE_LIMIT_PER_MINUTE;
  g.__sidekiqChatRateLimit ??= new ChatRateLimit(perMinute, perMinute > 0 ? sharedLimiter({ keyPrefix: "chat", points: perMinute, durationS: 60 }) : undefined);
  return g.__sidekiqChatRateLimit;
}
