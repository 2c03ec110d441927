import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { chatBody, fakeLlm, postChat, readChunks, signUp, textOf, waitFor } from "./helpers/context";
import { messageText } from "@/lib/chat/message";

async function repliesIn(caller: Awaited<ReturnType<typeof signUp>>["caller"], threadId: string, count: number) {
  return waitFor(async () => {
    const page = await caller.messages.list({ threadId });
    return page.items.length >= count && page.items.every((m) => m.status !== "streaming") ? page.items : undefined;
  });
}

describe("POST /api/chat", () => {
  beforeEach(() => fakeLlm().reset());

  it("streams a reply and saves both messages with parents, tokens and counters", async () => {
    const ada = await signUp();
    const body = chatBody("Hello there");
    fakeLlm().enqueue({ text: "General Kenobi! You are a bold one." });
    const res = await postChat(ada.cookie, body);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const chunks = await readChunks(res);
    expect(textOf(chunks)).toBe("General Kenobi! You are a bold one.");
    const start = chunks.find((c) => c.type === "start");
    expect(start?.messageId).toEqual(expect.any(String));

    const [user, reply] = await repliesIn(ada.caller, body.threadId, 2);
    expect(user!.role).toBe("user");
    expect(messageText(user!.parts)).toBe("Hello there");
    expect(user!.parentMessageId).toBeNull();
    expect(user!.id).not.toBe(body.message.id);
    expect(reply!.role).toBe("assistant");
    expect(reply!.id).toBe(start?.messageId);
    expect(reply!.parentMessageId).toBe(user!.id);
    expect(reply!.status).toBe("complete");
    expect(messageText(reply!.parts)).toBe("General Kenobi! You are a bold one.");
    expect(reply!.outputTokens).toBe(7);
    expect(reply!.inputTokens).toBeGreaterThan(0);
    expect(reply!.finishReason).toBe("stop");

    const thread = await ada.caller.threads.get({ threadId: body.threadId });
    expect(thread.messageCount).toBe(2);
    expect(thread.modelId).toBe("openai-compatible:fake-model");
  });

  it("streams a reasoning model's thoughts merged into frames, and saves them beside the answer", async () => {
    const ada = await signUp();
    const body = chatBody("Think first #reasoning:30 #tokens:5");
    const chunks = await readChunks(await postChat(ada.cookie, body));
    const thoughts = Array.from({ length: 30 }, (_, i) => `thought ${i} `).join("");
    const reasoning = chunks.filter((c) => c.type === "reasoning-delta");
    expect(reasoning.map((c) => c.delta).join("")).toBe(thoughts);
    // 30 tokens sent back to back arrive as a few frames, not one event each.
    expect(reasoning.length).toBeLessThan(5);
    expect(textOf(chunks)).toBe("Sure. Here is a careful");

    const [, reply] = await repliesIn(ada.caller, body.threadId, 2);
    // The AI SDK's whole response message, as the browser built it.
    expect(reply!.parts).toEqual([
      { type: "step-start" },
      { type: "reasoning", id: expect.any(String), text: thoughts, state: "done" },
      { type: "text", text: "Sure. Here is a careful", state: "done" },
    ]);
    expect(messageText(reply!.parts)).toBe("Sure. Here is a careful");
  });

  it("rebuilds the history from the database and chains parents across turns", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    await readChunks(await postChat(ada.cookie, chatBody("first question", threadId)));
    await repliesIn(ada.caller, threadId, 2);
    fakeLlm().reset();
    await readChunks(await postChat(ada.cookie, chatBody("second question", threadId)));
    const items = await repliesIn(ada.caller, threadId, 4);
    const chat = fakeLlm().requests.find((r) => r.stream)!;
    expect(chat.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(JSON.stringify(chat.messages[0])).toContain("first question");
    for (let i = 1; i < items.length; i++) expect(items[i]!.parentMessageId).toBe(items[i - 1]!.id);
    const thread = await ada.caller.threads.get({ threadId });
    expect(thread.messageCount).toBe(4);
  });

  it("finishes and saves the reply when the client goes away mid-stream", async () => {
    const ada = await signUp();
    const body = chatBody("long one");
    fakeLlm().enqueue({ tokens: 40, delayMs: 15 });
    const res = await postChat(ada.cookie, body);
    const firstChunks = await readChunks(res, 4); // then cancel: the tab is gone
    expect(firstChunks.length).toBe(4);
    const items = await repliesIn(ada.caller, body.threadId, 2);
    expect(items).toHaveLength(2);
    expect(items[1]!.status).toBe("complete");
    expect(items[1]!.outputTokens).toBe(40);
    expect(messageText(items[1]!.parts).split(" ").length).toBe(40);
  });

  it("saves the user message and the partial reply as error when the provider fails mid-stream", async () => {
    const ada = await signUp();
    const body = chatBody("please fail");
    fakeLlm().enqueue({ tokens: 10, errorAfter: 3 });
    const chunks = await readChunks(await postChat(ada.cookie, body));
    const error = chunks.find((c) => c.type === "error");
    expect(error?.errorText).toBe("The model provider failed. Try again.");
    expect(JSON.stringify(chunks)).not.toContain("secret internals");
    const [user, reply] = await repliesIn(ada.caller, body.threadId, 2);
    expect(messageText(user!.parts)).toBe("please fail");
    expect(reply!.status).toBe("error");
    expect(messageText(reply!.parts)).toBe(textOf(chunks));
    expect(messageText(reply!.parts).length).toBeGreaterThan(0);
  });

  it("saves a partial reply as error when the connection drops", async () => {
    const ada = await signUp();
    const body = chatBody("drop it");
    fakeLlm().enqueue({ tokens: 10, dropAfter: 4, delayMs: 20 });
    const chunks = await readChunks(await postChat(ada.cookie, body));
    expect(chunks.some((c) => c.type === "error")).toBe(true);
    const [, reply] = await repliesIn(ada.caller, body.threadId, 2);
    expect(reply!.status).toBe("error");
    // The socket dies right after the 4th token, which may or may not have left the fake.
    const saved = messageText(reply!.parts).trim().split(" ").length;
    expect(saved).toBeGreaterThanOrEqual(2);
    expect(saved).toBeLessThanOrEqual(4);
    expect(messageText(reply!.parts).startsWith(textOf(chunks))).toBe(true);
  });

  it("times out a stalled provider and keeps what it sent", async () => {
    const ada = await signUp();
    const body = chatBody("stall please");
    fakeLlm().enqueue({ tokens: 10, stallAfter: 2 });
    const chunks = await readChunks(await postChat(ada.cookie, body));
    expect(chunks.some((c) => c.type === "error" || c.type === "abort")).toBe(true);
    const [, reply] = await repliesIn(ada.caller, body.threadId, 2);
    expect(reply!.status).toBe("error");
    expect(messageText(reply!.parts).trim().split(" ").length).toBe(2);
  });

  it("stops the model through a server-side cancel and saves the partial reply as stopped", async () => {
    const ada = await signUp();
    const body = chatBody("stop me");
    fakeLlm().enqueue({ tokens: 200, delayMs: 20 });
    const res = await postChat(ada.cookie, body);
    const reading = readChunks(res);
    await waitFor(async () => fakeLlm().openStreams() > 0);
    await new Promise((r) => setTimeout(r, 150));
    expect(await ada.caller.chat.stop({ threadId: body.threadId })).toEqual({ stopped: true });
    const chunks = await reading;
    const [, reply] = await repliesIn(ada.caller, body.threadId, 2);
    expect(reply!.status).toBe("stopped");
    expect(messageText(reply!.parts).length).toBeGreaterThan(0);
    expect(messageText(reply!.parts).split(" ").length).toBeLessThan(200);
    expect(messageText(reply!.parts).startsWith(textOf(chunks).slice(0, 10))).toBe(true);
  });

  it("makes one turn from a double submit and answers the repeat with 409", async () => {
    const ada = await signUp();
    const body = chatBody("only once");
    const first = await postChat(ada.cookie, body);
    const second = await postChat(ada.cookie, body);
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    await readChunks(first);
    const items = await repliesIn(ada.caller, body.threadId, 2);
    expect(items).toHaveLength(2);
    expect(fakeLlm().requests.filter((r) => r.stream)).toHaveLength(1);
  });

  it("titles a new thread from the first message and streams the title while the reply is still running", async () => {
    const ada = await signUp();
    const body = chatBody("Explain quantum tunneling simply please #tokens:20 #delay:25");
    const chunks = await readChunks(await postChat(ada.cookie, body));
    const titlePart = chunks.find((c) => c.type === "data-thread-title");
    expect(titlePart?.data).toEqual({ threadId: body.threadId, title: "Explain quantum tunneling simply" });
    const thread = await ada.caller.threads.get({ threadId: body.threadId });
    expect(thread.title).toBe("Explain quantum tunneling simply");
  });
});
