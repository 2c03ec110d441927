import { describe, expect, it } from "vitest";
import { AppError, ERROR_TABLE, toAppError } from "./errors";

describe("AppError", () => {
  it("maps every code to a status and a user message", async () => {
    for (const code of Object.keys(ERROR_TABLE) as (keyof typeof ERROR_TABLE)[]) {
      const res = new AppError(code).toResponse();
      expect(res.status).toBe(ERROR_TABLE[code].status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(0);
    }
  });

  it("never exposes an unexpected cause's message", () => {
    const err = toAppError(new Error("password=hunter2 sk-secret"));
    expect(err.code).toBe("INTERNAL");
    expect(JSON.stringify(err.toJSON())).not.toContain("hunter2");
  });
});
