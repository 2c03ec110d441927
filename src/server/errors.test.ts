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

describe("AppError across module copies", () => {
  it("is recognised when thrown by another copy of this module, as `next build` makes them", async () => {
    const { vi } = await import("vitest");
    vi.resetModules();
    const other = await import("./errors");
    const thrown = new other.AppError("MODEL_UNAVAILABLE");
    expect(thrown instanceof AppError).toBe(false);
    expect(toAppError(thrown).code).toBe("MODEL_UNAVAILABLE");
    expect(toAppError(thrown).status).toBe(400);
  });
});

describe("toAppError and the database", () => {
  it("answers 503 with Retry-After for a database that cannot be reached, wrapped or not", async () => {
    const { isDatabaseUnavailable } = await import("./errors");
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const wrapped = Object.assign(new Error("Failed query: select 1\nparams: secret"), { query: "select 1", params: ["secret"], cause: refused });
    for (const e of [refused, wrapped, Object.assign(new Error("terminating connection"), { code: "57P01" }), new AggregateError([refused])]) {
      expect(isDatabaseUnavailable(e)).toBe(true);
      const app = toAppError(e);
      expect([app.code, app.status, app.headers?.["retry-after"]]).toEqual(["UNAVAILABLE", 503, "5"]);
    }
    expect(toAppError(Object.assign(new Error("duplicate key"), { code: "23505" })).code).toBe("INTERNAL");
  });

  it("logs a failed query without its parameters", async () => {
    const { errorSummary } = await import("./errors");
    const cause = Object.assign(new Error("invalid input syntax"), { code: "22P02" });
    const wrapped = Object.assign(new Error("Failed query: insert ...\nparams: the user's prompt"), { query: "insert", params: ["the user's prompt"], cause });
    expect(JSON.stringify(errorSummary(wrapped))).not.toContain("prompt");
    expect(errorSummary(wrapped)).toMatchObject({ code: "22P02", message: "invalid input syntax" });
  });
});
