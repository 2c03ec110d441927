import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { UserRateLimit } from "./rate-limit";

describe("UserRateLimit", () => {
  it("lets a user send the limit, then answers RATE_LIMITED with how long to wait; other users keep their own count", async () => {
    const limit = new UserRateLimit(3);
    for (let i = 0; i < 3; i++) await limit.take("ada");
    const error = await limit.take("ada").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("RATE_LIMITED");
    expect(appError.status).toBe(429);
    const retryAfter = Number(appError.headers?.["retry-after"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(appError.message).toBe(`You're sending messages too quickly. Try again in ${retryAfter} s.`);
    const res = appError.toResponse();
    expect([res.status, res.headers.get("retry-after")]).toEqual([429, String(retryAfter)]);
    await expect(limit.take("bob")).resolves.toBeUndefined();
  });

  it("counts nothing when the limit is 0", async () => {
    const limit = new UserRateLimit(0);
    for (let i = 0; i < 500; i++) await limit.take("ada");
  });
});

describe("UserRateLimit's message", () => {
  it("says what was too quick", async () => {
    const limit = new UserRateLimit(1, undefined, (s) => `Slow down, ${s} s.`);
    await limit.take("ada");
    await expect(limit.take("ada")).rejects.toThrow(/^Slow down, \d+ s\.$/);
  });
});
