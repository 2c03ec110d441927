// The built app with no model provider configured: it runs, and chat says what to set.
import { describe, expect, it } from "vitest";
import { chatBody } from "../support/http-client";
import { useApp } from "./helpers/app";

const t = useApp({ withoutProvider: true });

describe("with no AI provider configured (built server)", () => {
  it("answers POST /api/chat with 503 NO_PROVIDER and the variables to set, saving nothing", async () => {
    const ada = await t.client.signUp();
    const body = chatBody("hello?");
    const res = await t.client.chat(ada, body);
    expect(res.status).toBe(503);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("NO_PROVIDER");
    expect(error.message).toContain("OPENAI_COMPATIBLE_BASE_URL");
    const got = await t.client.query(ada, "threads.get", { threadId: body.threadId });
    expect(got.error?.data.code).toBe("NOT_FOUND");
    expect((await t.client.query<{ models: unknown[] }>(ada, "models.list", undefined)).data).toEqual({ models: [], providers: [] });
  });
});
