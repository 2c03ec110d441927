import { describe, expect, it } from "vitest";
import { ModelRegistry } from "@/server/ai/registry";
import { chatBody, postChat, signUp } from "./helpers/context";

// The same app with no provider configured: it still works, and chat says what to set.
(globalThis as { __sidekiqRegistry?: ModelRegistry }).__sidekiqRegistry = new ModelRegistry([]);

describe("with no AI provider configured", () => {
  it("answers POST /api/chat with 503 and a clear JSON error", async () => {
    const ada = await signUp();
    const body = chatBody("hello?");
    const res = await postChat(ada.cookie, body);
    expect(res.status).toBe(503);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("NO_PROVIDER");
    expect(json.error.message).toContain("OPENAI_COMPATIBLE_BASE_URL");
    await expect(ada.caller.threads.get({ threadId: body.threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("still serves threads and an empty model list", async () => {
    const ada = await signUp();
    expect((await ada.caller.threads.list({})).items).toEqual([]);
    expect(await ada.caller.models.list()).toEqual({ models: [], providers: [] });
  });
});
