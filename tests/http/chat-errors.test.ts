// POST /api/chat's error table against the built server: what a client gets for every kind of bad
// request, and that nothing is saved for any of them.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { chatBody, type HttpUser } from "../support/http-client";
import { readChunks, textOf, waitFor } from "../support/ui-stream";
import { useApp } from "./helpers/app";
import { messageText } from "@/lib/chat/message";

const RATE_LIMIT = 30;
const t = useApp({ env: { CHAT_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), CHAT_FIRST_CHUNK_TIMEOUT_MS: "3000", CHAT_CHUNK_TIMEOUT_MS: "3000" } });

type ErrorBody = { error: { code: string; message: string; details?: { issues?: unknown[] } } };
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;
const modelCalls = () => t.fake.requests.filter((r) => r.stream).length;

async function expectNoThread(user: HttpUser, threadId: string) {
  const got = await t.client.query(user, "threads.get", { threadId });
  expect(got.error?.data.code, `thread ${threadId} should not exist`).toBe("NOT_FOUND");
}

describe("POST /api/chat errors (built server)", () => {
  beforeEach(() => t.fake.reset());

  it("401 without a session", async () => {
    const res = await t.client.chat(null, chatBody("hi"));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("UNAUTHORIZED");
  });

  it("400 for a body that is not JSON or not a chat request, with the issues", async () => {
    const ada = await t.client.signUp();
    const raw = await t.client.chat(ada, null, { raw: "{nope" });
    expect(raw.status).toBe(400);
    const wrong = await t.client.chat(ada, { ...chatBody("x"), message: { id: "m", role: "assistant", parts: [{ type: "text", text: "hi" }] } });
    expect(wrong.status).toBe(400);
    const err = await errorOf(wrong);
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.details?.issues?.length).toBeGreaterThan(0);
    expect(modelCalls()).toBe(0);
  });

  it("400 for NUL characters or broken Unicode in the message's text or id, saving nothing", async () => {
    const ada = await t.client.signUp();
    const cases = [
      chatBody("before\u0000after"),
      { ...chatBody("fine text"), message: { ...chatBody("x").message, id: "id\u0000with-nul" } },
      chatBody("lone surrogate \ud800 here"),
      { ...chatBody("fine text"), message: { ...chatBody("x").message, id: "\udfff" } },
    ];
    for (const body of cases) {
      const res = await t.client.chat(ada, body);
      expect(res.status, JSON.stringify(body.message)).toBe(400);
      const err = await errorOf(res);
      expect(err.code).toBe("BAD_REQUEST");
      expect(JSON.stringify(err.details)).toMatch(/NUL characters or broken Unicode/);
      await expectNoThread(ada, body.threadId);
    }
    expect(modelCalls()).toBe(0);
  });

  it("400 MODEL_UNAVAILABLE for an unknown or unconfigured model, however its id is spelled, saving nothing", async () => {
    const ada = await t.client.signUp();
    const ids = [
      "openai-compatible:no-such-model",
      "openai:gpt-4o-mini",
      "anthropic:claude-sonnet-4-5",
      "openai-compatible:__proto__",
      "openai-compatible:constructor",
      "__proto__:x",
      "constructor:x",
      "valueof:x",
      "hasownproperty:x",
      "__proto__",
      "valueOf",
      "hasOwnProperty",
      "openai-compatible:fake model",
    ];
    for (const modelId of ids) {
      const body = chatBody("hi", randomUUID(), modelId);
      const res = await t.client.chat(ada, body);
      expect(res.status, modelId).toBe(400);
      expect(["MODEL_UNAVAILABLE", "BAD_REQUEST"], modelId).toContain((await errorOf(res)).code);
      await expectNoThread(ada, body.threadId);
    }
    // A known model of a provider that is not configured says which variable turns it on.
    const res = await t.client.chat(ada, chatBody("hi", randomUUID(), "openai:gpt-4o-mini"));
    expect(await errorOf(res)).toMatchObject({ code: "MODEL_UNAVAILABLE", message: expect.stringContaining("OPENAI_API_KEY") });
    expect(modelCalls()).toBe(0);
  });

  it("404 for someone else's thread, for sending and for retrying, and nothing saved there", async () => {
    const ada = await t.client.signUp("Ada");
    const bob = await t.client.signUp("Bob");
    const body = chatBody("mine");
    await readChunks(await t.client.chat(ada, body));
    t.fake.reset();
    const res = await t.client.chat(bob, chatBody("let me in", body.threadId));
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("NOT_FOUND");
    const retry = await t.client.chat(bob, { threadId: body.threadId, modelId: body.modelId, retry: true });
    expect(retry.status).toBe(404);
    expect(modelCalls()).toBe(0);
    const list = await t.client.query<{ items: { parts: { type: string; text?: string }[] }[] }>(ada, "messages.list", { threadId: body.threadId });
    expect(list.data!.items.map((m) => messageText(m.parts))).toEqual(["mine", expect.any(String)]);
  });

  it("another user's requests for a thread never make its owner's own message fail", async () => {
    const ada = await t.client.signUp("Ada");
    const bob = await t.client.signUp("Bob");
    const threadId = randomUUID();
    await readChunks(await t.client.chat(ada, chatBody("ada's thread #tokens:2", threadId)));
    // Bob hammers Ada's thread id while Ada sends her next messages.
    for (let round = 0; round < 6; round++) {
      const bobs = Array.from({ length: 4 }, () => t.client.chat(bob, chatBody("intruder", threadId)));
      await new Promise((r) => setTimeout(r, round));
      const adas = t.client.chat(ada, chatBody(`follow-up ${round} #tokens:2`, threadId));
      const [adaRes, ...bobRes] = await Promise.all([adas, ...bobs]);
      expect(bobRes.map((r) => r.status)).toEqual(bobRes.map(() => 404));
      expect(adaRes.status, `round ${round}`).toBe(200);
      expect(textOf(await readChunks(adaRes))).toContain("Sure.");
    }
  });

  it("409 for a double submit of the same message and for a new message while a reply streams; one turn, one model call", async () => {
    const ada = await t.client.signUp();
    const body = chatBody("slow one #tokens:30 #delay:20");
    const first = await t.client.chat(ada, body);
    expect(first.status).toBe(200);
    const again = await t.client.chat(ada, body);
    expect(again.status).toBe(409);
    const other = await t.client.chat(ada, chatBody("impatient", body.threadId));
    expect(other.status).toBe(409);
    expect((await errorOf(other)).message).toMatch(/still being written/);
    await readChunks(first);
    const late = await t.client.chat(ada, body);
    expect(late.status).toBe(409);
    expect(modelCalls()).toBe(1);
    const thread = await t.client.query<{ messageCount: number }>(ada, "threads.get", { threadId: body.threadId });
    expect(thread.data!.messageCount).toBe(2);
  });

  it("413 for a message over 100,000 characters or a body over 1 MB, saving nothing", async () => {
    const ada = await t.client.signUp();
    const long = chatBody("a".repeat(100_001));
    const res = await t.client.chat(ada, long);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("PAYLOAD_TOO_LARGE");
    await expectNoThread(ada, long.threadId);
    const huge = chatBody("b".repeat(2_000_000));
    const big = await t.client.chat(ada, huge);
    expect(big.status).toBe(413);
    await expectNoThread(ada, huge.threadId);
    const exact = await t.client.chat(ada, chatBody("c".repeat(100_000)));
    expect(exact.status).toBe(200);
    await readChunks(exact);
  });

  it("429 with Retry-After past the per-minute limit, saving nothing; other users are unaffected", async () => {
    const ada = await t.client.signUp();
    for (let i = 0; i < RATE_LIMIT; i++) {
      const res = await t.client.chat(ada, chatBody(`message ${i} #tokens:1`));
      expect(res.status).toBe(200);
      await readChunks(res);
    }
    const over = chatBody("one too many");
    const res = await t.client.chat(ada, over);
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await errorOf(res)).toEqual({ code: "RATE_LIMITED", message: `You're sending messages too quickly. Try again in ${retryAfter} s.` });
    await expectNoThread(ada, over.threadId);
    const bob = await t.client.signUp("Bob");
    const ok = await t.client.chat(bob, chatBody("hello #tokens:1"));
    expect(ok.status).toBe(200);
    await readChunks(ok);
  });

  it("saves the question before the answer: a reply's created_at is never earlier than its question's", async () => {
    const ada = await t.client.signUp();
    const threadId = randomUUID();
    for (const text of ["first #tokens:3", "second #tokens:3", "third #tokens:3"]) await readChunks(await t.client.chat(ada, chatBody(text, threadId)));
    const { data } = await t.client.query<{ items: { role: string; createdAt: string; parentMessageId: string | null; id: string }[] }>(ada, "messages.list", { threadId });
    const items = data!.items;
    expect(items.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user", "assistant"]);
    for (let i = 1; i < items.length; i++) {
      expect(items[i]!.parentMessageId).toBe(items[i - 1]!.id);
      expect(Date.parse(items[i]!.createdAt), `message ${i}`).toBeGreaterThanOrEqual(Date.parse(items[i - 1]!.createdAt));
    }
  });

  it("a Stop that comes after the model finished changes nothing, even while the title is still being written", async () => {
    const ada = await t.client.signUp();
    const body = chatBody("quick answer, slow title #tokens:3 #title-delay:2500");
    const res = await t.client.chat(ada, body);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!seen.includes('"type":"finish"')) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value;
    }
    // The model is done; the title is not.
    await t.client.mutate(ada, "chat.stop", { threadId: body.threadId });
    await reader.cancel().catch(() => {});
    const items = await waitFor(async () => {
      const { data } = await t.client.query<{ items: { role: string; status: string }[] }>(ada, "messages.list", { threadId: body.threadId });
      return data!.items.length === 2 && data!.items[1]!.status !== "streaming" ? data!.items : undefined;
    });
    expect(items[1]!.status).toBe("complete");
  });
});
