import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { env } from "@/env";
import { chatBody, fakeLlm, postChat, readChunks, signUp, textOf, waitFor, textsOf } from "./helpers/context";
import { messageText } from "@/lib/chat/message";

type ErrorBody = { error: { code: string; message: string; details?: { issues?: unknown[] } } };

describe("POST /api/chat request handling", () => {
  beforeEach(() => fakeLlm().reset());

  it("answers 401 without a session", async () => {
    const res = await postChat(null, chatBody("hi"));
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe("UNAUTHORIZED");
  });

  it("answers 400 with the zod issues for bad bodies, and never 5xx", async () => {
    const ada = await signUp();
    const bad: unknown[] = [
      {},
      { threadId: "not-a-uuid", modelId: "openai-compatible:fake-model", message: chatBody("x").message },
      { ...chatBody("x"), message: { id: "m", role: "assistant", parts: [{ type: "text", text: "hi" }] } },
      { ...chatBody("x"), message: { id: "m", role: "user", parts: [] } },
      { ...chatBody("x"), modelId: "no-provider-prefix" },
      { ...chatBody("x"), messages: [] , message: undefined },
    ];
    for (const body of bad) {
      const res = await postChat(ada.cookie, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = (await res.json()) as ErrorBody;
      expect(json.error.code).toBe("BAD_REQUEST");
      expect(json.error.details?.issues?.length).toBeGreaterThan(0);
    }
    const notJson = await postChat(ada.cookie, null, { raw: "{nope" });
    expect(notJson.status).toBe(400);
    expect(fakeLlm().requests).toHaveLength(0);
  });

  it("answers 413 for a message over 100,000 characters and saves nothing", async () => {
    const ada = await signUp();
    const body = chatBody("a".repeat(100_001));
    const res = await postChat(ada.cookie, body);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe("PAYLOAD_TOO_LARGE");
    await expect(ada.caller.threads.get({ threadId: body.threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const huge = await postChat(ada.cookie, null, { raw: JSON.stringify(chatBody("b".repeat(2_000_000))) });
    expect(huge.status).toBe(413);
  });

  it("accepts a message of exactly 100,000 characters", async () => {
    const ada = await signUp();
    const res = await postChat(ada.cookie, chatBody("c".repeat(100_000)));
    expect(res.status).toBe(200);
    await readChunks(res);
  });

  it("answers 400 for an unknown or unconfigured model, before touching the thread", async () => {
    const ada = await signUp();
    for (const modelId of ["openai-compatible:no-such-model", "anthropic:claude-sonnet-4-5", "openai:gpt-4o"]) {
      const body = chatBody("hi", randomUUID(), modelId);
      const res = await postChat(ada.cookie, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.code).toBe("MODEL_UNAVAILABLE");
      await expect(ada.caller.threads.get({ threadId: body.threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("answers 404 when another user posts into someone's thread, and saves nothing there", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const body = chatBody("mine");
    await readChunks(await postChat(ada.cookie, body));
    fakeLlm().reset();
    const res = await postChat(bob.cookie, chatBody("let me in", body.threadId));
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe("NOT_FOUND");
    const retry = await postChat(bob.cookie, { threadId: body.threadId, modelId: body.modelId, retry: true });
    expect(retry.status).toBe(404);
    expect(fakeLlm().requests).toHaveLength(0);
    const items = await waitFor(async () => {
      const page = await ada.caller.messages.list({ threadId: body.threadId });
      return page.items.length === 2 ? page.items : undefined;
    });
    expect(textsOf(items)).not.toContain("let me in");
  });

  it("retries a failed reply beside it: the failed one is kept as a sibling, the new one is the active path", async () => {
    const ada = await signUp();
    const body = chatBody("flaky question");
    fakeLlm().enqueue({ tokens: 10, errorAfter: 2 });
    await readChunks(await postChat(ada.cookie, body));
    const failed = await waitFor(async () => {
      const { items } = await ada.caller.messages.list({ threadId: body.threadId });
      return items.length === 2 ? items : undefined;
    });
    expect(failed[1]!.status).toBe("error");

    fakeLlm().enqueue({ text: "Second time lucky." });
    const chunks = await readChunks(await postChat(ada.cookie, { threadId: body.threadId, modelId: body.modelId, retry: true }));
    expect(textOf(chunks)).toBe("Second time lucky.");
    const items = await waitFor(async () => {
      const { items } = await ada.caller.messages.list({ threadId: body.threadId });
      return items.length === 2 && items[1]!.status === "complete" ? items : undefined;
    });
    expect(items[1]!.id).not.toBe(failed[1]!.id);
    expect(items[1]!.parentMessageId).toBe(items[0]!.id);
    expect(items[1]!.siblingIds).toEqual([failed[1]!.id, items[1]!.id]);
    expect(items[1]!.siblingIndex).toBe(1);
    expect((await ada.caller.threads.get({ threadId: body.threadId })).messageCount).toBe(3);
    const retryCall = fakeLlm().requests.filter((r) => r.stream).at(-1)!;
    expect(retryCall.messages.map((m) => m.role)).toEqual(["user"]);

    const empty = chatBody("never sent");
    expect((await postChat(ada.cookie, { threadId: empty.threadId, modelId: body.modelId, retry: true })).status).toBe(404);
  });

  it("answers 429 with Retry-After past the per-minute limit, saving nothing; other users are unaffected", async () => {
    const ada = await signUp();
    for (let i = 0; i < env.CHAT_RATE_LIMIT_PER_MINUTE; i++) {
      const res = await postChat(ada.cookie, chatBody(`message ${i} #tokens:1`));
      expect(res.status).toBe(200);
      await readChunks(res);
    }
    const over = chatBody("one too many");
    const res = await postChat(ada.cookie, over);
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await res.json()) as ErrorBody).error).toEqual({ code: "RATE_LIMITED", message: `You're sending messages too quickly. Try again in ${retryAfter} s.` });
    await expect(ada.caller.threads.get({ threadId: over.threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const bob = await signUp("Bob");
    const ok = await postChat(bob.cookie, chatBody("hello #tokens:1"));
    expect(ok.status).toBe(200);
    await readChunks(ok);
  });

  it("answers 409 to a late repeat of a saved message and keeps one turn", async () => {
    const ada = await signUp();
    const body = chatBody("say it once");
    await readChunks(await postChat(ada.cookie, body));
    await waitFor(async () => (await ada.caller.messages.list({ threadId: body.threadId })).items.length === 2);
    const modelCalls = () => fakeLlm().requests.filter((r) => r.stream).length;
    expect(modelCalls()).toBe(1);
    const again = await postChat(ada.cookie, body);
    expect(again.status).toBe(409);
    await new Promise((r) => setTimeout(r, 200));
    // The repeat was recognised before the model was asked.
    expect(modelCalls()).toBe(1);
    const { items } = await ada.caller.messages.list({ threadId: body.threadId });
    expect(items.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect((await ada.caller.threads.get({ threadId: body.threadId })).messageCount).toBe(2);
    // The thread is free again: a new message goes through.
    const next = await postChat(ada.cookie, chatBody("something new", body.threadId));
    expect(next.status).toBe(200);
    await readChunks(next);
  });

  it("answers 404, not 409, when another user posts while the owner's reply is streaming", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const body = chatBody("busy thread");
    fakeLlm().enqueue({ tokens: 30, delayMs: 20 });
    const adaRes = await postChat(ada.cookie, body);
    const bobRes = await postChat(bob.cookie, chatBody("sneaky", body.threadId));
    expect(bobRes.status).toBe(404);
    await readChunks(adaRes);
  });

  it("is ready for the next message as soon as the reply's stream ends", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    await readChunks(await postChat(ada.cookie, chatBody("one", threadId)));
    const next = await postChat(ada.cookie, chatBody("two", threadId));
    expect(next.status).toBe(200);
    await readChunks(next);
    const { items } = await ada.caller.messages.list({ threadId });
    expect(items.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(items[2]!.parentMessageId).toBe(items[1]!.id);
  });

  it("answers 409 to a new message while a reply is still streaming", async () => {
    const ada = await signUp();
    const body = chatBody("slow one");
    fakeLlm().enqueue({ tokens: 30, delayMs: 20 });
    const first = await postChat(ada.cookie, body);
    const second = await postChat(ada.cookie, chatBody("impatient", body.threadId));
    expect(second.status).toBe(409);
    await readChunks(first);
  });
});

describe("POST /api/chat, the first message of a new chat", () => {
  beforeEach(() => fakeLlm().reset());

  it("creates the thread and saves one turn, the model seeing only the new message", async () => {
    const ada = await signUp();
    const body = chatBody("brand new chat");
    const res = await postChat(ada.cookie, body);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-thread-id")).toBe(body.threadId);
    await readChunks(res);
    const items = await waitFor(async () => {
      const { items } = await ada.caller.messages.list({ threadId: body.threadId });
      return items.length === 2 ? items : undefined;
    });
    expect(items.map((m) => [m.role, m.status])).toEqual([["user", "complete"], ["assistant", "complete"]]);
    expect(items[0]!.parentMessageId).toBeNull();
    expect(items[1]!.parentMessageId).toBe(items[0]!.id);
    expect((await ada.caller.threads.get({ threadId: body.threadId })).messageCount).toBe(2);
    const calls = fakeLlm().requests.filter((r) => r.stream);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.messages.map((m) => m.role)).toEqual(["user"]);
    // Written in one statement with the thread: the message as sent, its parts as JSON (the
    // page leaves out the text column, which search reads: tests/integration/search.test.ts).
    expect(items[0]).toMatchObject({
      parts: [{ type: "text", text: "brand new chat" }],
      clientMessageId: body.message.id,
      modelId: body.modelId,
    });

    // The next message builds on it from the database.
    await readChunks(await postChat(ada.cookie, chatBody("and then?", body.threadId)));
    const followUp = fakeLlm().requests.filter((r) => r.stream).at(-1)!;
    expect(followUp.messages.map((m) => [m.role, typeof m.content === "string" ? m.content : JSON.stringify(m.content)])).toEqual([
      ["user", "brand new chat"],
      ["assistant", expect.any(String)],
      ["user", "and then?"],
    ]);
  });

  it("answers from the history when the thread already exists, and saves nothing twice", async () => {
    const ada = await signUp();
    const first = chatBody("first question");
    await readChunks(await postChat(ada.cookie, first));
    await waitFor(async () => (await ada.caller.messages.list({ threadId: first.threadId })).items.length === 2);
    fakeLlm().reset();

    const res = await postChat(ada.cookie, chatBody("second question", first.threadId));
    expect(res.status).toBe(200);
    await readChunks(res);
    const items = await waitFor(async () => {
      const { items } = await ada.caller.messages.list({ threadId: first.threadId });
      return items.length === 4 && items[3]!.status === "complete" ? items : undefined;
    });
    expect(items.map((m) => messageText(m.parts).slice(0, 15))).toContain("second question");
    expect(items.slice(1).map((m) => m.parentMessageId)).toEqual(items.slice(0, 3).map((m) => m.id));
    expect((await ada.caller.threads.get({ threadId: first.threadId })).messageCount).toBe(4);
    // The reply that was saved came from a call that saw the whole history.
    const answered = fakeLlm().requests.filter((r) => r.stream).at(-1)!;
    expect(answered.messages.filter((m) => m.role !== "system").map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    // The thread is free again.
    const next = await postChat(ada.cookie, chatBody("third", first.threadId));
    expect(next.status).toBe(200);
    await readChunks(next);
  });

  it("answers 404 for someone else's thread and saves nothing there", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const body = chatBody("ada's chat");
    await readChunks(await postChat(ada.cookie, body));
    await waitFor(async () => (await ada.caller.messages.list({ threadId: body.threadId })).items.length === 2);
    const res = await postChat(bob.cookie, chatBody("claiming it", body.threadId));
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe("NOT_FOUND");
    await new Promise((r) => setTimeout(r, 200));
    const { items } = await ada.caller.messages.list({ threadId: body.threadId });
    expect(textsOf(items)).not.toContain("claiming it");
    expect((await ada.caller.threads.get({ threadId: body.threadId })).messageCount).toBe(2);
  });
});
