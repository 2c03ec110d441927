import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { sharedLimiter } from "@/server/shared-limiter";

export type SignInFailures = {
  /** Seconds until the account may try again, or null when it may now. */
  wait: (email: string) => Promise<number | null>;
  /** Counts a wrong password. */
  fail: (email: string) => Promise<void>;
  /** A right one starts the count again. */
  clear: (email: string) => Promise<void>;
};

const WINDOW_S = 15 * 60;

/**
 * Wrong passwords per account, whatever address they come from (the per-address limit alone let
 * a botnet, or one client with a new X-Forwarded-For each time, guess forever): after `max` in
 * 15 minutes, sign-in for that email waits out the window. Counted in Redis when it is configured,
 * so every instance shares the count. The key is a hash: no email is written to Redis.
 */
export function signInFailures(max: number): SignInFailures {
  const limiter = sharedLimiter({ keyPrefix: "signin-failures", points: max, durationS: WINDOW_S });
  const key = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");
  return {
    wait: async (email) => {
      const res = await limiter.get(key(email)).catch(() => null);
      return res && res.consumedPoints >= max ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : null;
    },
    fail: async (email) => {
      await limiter.consume(key(email)).catch((e: unknown) => {
        if (!(e instanceof RateLimiterRes)) throw e;
      });
    },
    clear: async (email) => {
      await limiter.delete(key(email)).catch(() => undefined);
    },
  };
}
