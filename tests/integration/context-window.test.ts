// Context trimming: the model gets the most recent part of the path that fits its window, the
// reply says how much was left out, and a message the window cannot take is refused before
// anything is saved or sent. The fake LLM reports fake-model's window as vLLM does and refuses a
// prompt over it as vLLM does, so a history the app failed to trim would fail the turn.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { chatBody, fakeLlm, postChat, readChunks, signUp, type TestUser, textOf, waitFor, textsOf } from "./helpers/context";
import { messageText } from "@/lib/chat/message";

const MODEL = "openai-compatible:fake-model";
const MODEL_2 = "openai-compatible:fake-model-2";

// 4,096 tokens: the reply keeps a quarter (1,024), and 3,072 are left for the conversation.
const WINDOW = 4096;
const BUDGET = 3072;
fakeLlm().contextWindows["fake-model"] = WINDOW;

/** Our estimate, written out: 3 bytes a token, rounded up, and 4 for the message around it. */
const tokens = (bytes: number) => Math.ceil(bytes / 3) + 4;
/** A text of exactly `bytes` ASCII bytes, starting with a tag that tells messages apart. */
const sized = (tag: string, bytes: number) => (tag + " ").padEnd(bytes, "x");

type Path = Awaited<ReturnType<TestUser["caller"]["messages"]["list"]>>["items"];

async function settled(u: TestUser, threadId: string): Promise<Path> {
  return waitFor(async () => {
    const { items } = await u.caller.messages.list({ threadId });
    return items.every((m) => m.status !== "streaming") ? items : undefined;
  });
}

/** Sends `text`, answered with `reply`, and returns the stream's chunks and the saved path. */
async function send(u: TestUser, threadId: string, text: string, reply: string, extra: Record<string, unknown> = {}) {
  fakeLlm().enqueue({ text: reply });
  const res = await postChat(u.cookie, { ...chatBody(text, threadId), ...extra });
  expect(res.status, await peek(res)).toBe(200);
  const chunks = await readChunks(res);
  return { chunks, text: textOf(chunks), path: await settled(u, threadId) };
}

/** An error body's text, without consuming a stream that answered 200. */
async function peek(res: Response): Promise<string> {
  return res.status === 200 ? "" : res.clone().text();
}

const modelCalls = () => fakeLlm().requests.filter((r) => r.stream);
const contents = (i = -1) => modelCalls().at(i)!.messages.map((m) => m.content as string);
const startMetadata = (chunks: { type: string; messageMetadata?: unknown }[]) =>
  chunks.find((c) => c.type === "start")?.messageMetadata as { contextOmitted?: number } | undefined;

describe("context window", () => {
  beforeEach(() => fakeLlm().reset());

  it("reads the window a server reports in GET /models, and falls back for a model with none", async () => {
    const ada = await signUp();
    const { models } = await ada.caller.models.list();
    expect(models.find((m) => m.id === MODEL)?.contextWindow).toBe(WINDOW);
    expect(models.find((m) => m.id === MODEL_2)?.contextWindow).toBeUndefined();
  });

  it("sends the whole path when it fits exactly, and the recent part, from a user message, one byte past it", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    await send(ada, threadId, sized("u1", 1500), sized("r1", 1500));
    const { path: before } = await send(ada, threadId, sized("u2", 1500), sized("r2", 1500));
    expect(before).toHaveLength(4);

    // Four messages of 504 tokens and a fifth that takes the rest of the budget: all five go.
    const rest = BUDGET - 4 * tokens(1500);
    const exact = sized("u3", (rest - 4) * 3);
    expect(tokens(exact.length)).toBe(rest);
    const full = await send(ada, threadId, exact, "fits");
    expect(contents()).toEqual([...textsOf(before), exact]);
    expect(startMetadata(full.chunks)?.contextOmitted).toBeUndefined();
    expect(full.path.at(-1)!.contextOmitted).toBeNull();

    // The same message one byte longer, as an edit: u1 no longer fits, and r1, left at the head
    // of the history, goes too (a history starts with a user message). Two were left out.
    const over = sized("u3", (rest - 4) * 3 + 1);
    const cut = await send(ada, threadId, over, "cut", { parentMessageId: before[3]!.id });
    expect(contents()).toEqual([messageText(before[2]!.parts), messageText(before[3]!.parts), over]);
    expect(startMetadata(cut.chunks)?.contextOmitted).toBe(2);
    expect(cut.path.at(-1)!.contextOmitted).toBe(2);
    expect(cut.path).toHaveLength(6);
    // What the model got plus the reply's room is inside the window (the fake would have refused it).
    const call = modelCalls().at(-1)!;
    expect(call.maxTokens).toBe(WINDOW - BUDGET);
  });

  it("a long thread sends only what fits, and counts every message it left out", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    let path: Path = [];
    for (let i = 0; i < 8; i++) ({ path } = await send(ada, threadId, sized(`u${i}`, 600), sized(`r${i}`, 600)));
    expect(path).toHaveLength(16);
    const last = await send(ada, threadId, "and now?", "ok");
    const sent = contents();
    const spent = sent.reduce((n, c) => n + tokens(Buffer.byteLength(c)), 0);
    // The budget is met without the next older message, and the history starts with the user.
    expect(spent).toBeLessThanOrEqual(BUDGET);
    expect(sent[0]!.startsWith("u")).toBe(true);
    const omitted = path.length - (sent.length - 1);
    expect(omitted).toBeGreaterThan(0);
    expect(spent + tokens(600) * 2).toBeGreaterThan(BUDGET);
    expect(sent.slice(0, -1)).toEqual(textsOf(path.slice(omitted)));
    expect(last.path.at(-1)!.contextOmitted).toBe(omitted);
    expect(startMetadata(last.chunks)?.contextOmitted).toBe(omitted);
  });

  it("a long thread with branches sends the path it follows and nothing of the branches beside it", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    let main: Path = [];
    for (let i = 0; i < 8; i++) ({ path: main } = await send(ada, threadId, sized(`u${i}`, 600), sized(`r${i}`, 600)));
    // A branch from r2 as long as the rest of the main path: its messages hold the same tokens
    // above them as those of the main path beside them.
    let side: Path = await send(ada, threadId, sized("b3", 600), sized("s3", 600), { parentMessageId: main[5]!.id }).then((r) => r.path);
    for (let i = 4; i < 8; i++) ({ path: side } = await send(ada, threadId, sized(`b${i}`, 600), sized(`s${i}`, 600)));
    expect(side.map((m) => messageText(m.parts).slice(0, 2))).toEqual(["u0", "r0", "u1", "r1", "u2", "r2", "b3", "s3", "b4", "s4", "b5", "s5", "b6", "s6", "b7", "s7"]);

    const onSide = await send(ada, threadId, "side?", "ok");
    const sentSide = contents();
    const omittedSide = side.length - (sentSide.length - 1);
    expect(omittedSide).toBeGreaterThan(0);
    expect(sentSide.slice(0, -1)).toEqual(textsOf(side.slice(omittedSide)));
    expect(onSide.path.at(-1)!.contextOmitted).toBe(omittedSide);

    // Back on the main path, after its leaf: the main path's part, none of the branch.
    const onMain = await send(ada, threadId, "main?", "ok", { parentMessageId: main.at(-1)!.id });
    const sentMain = contents();
    const omittedMain = main.length - (sentMain.length - 1);
    expect(sentMain.slice(0, -1)).toEqual(textsOf(main.slice(omittedMain)));
    expect(sentMain.some((c) => /^[bs]\d/.test(c))).toBe(false);
    expect(onMain.path.at(-1)!.contextOmitted).toBe(omittedMain);

    // Another reply to the branch's last question: the same history as the send that made it.
    fakeLlm().enqueue({ text: "again" });
    const res = await postChat(ada.cookie, { threadId, modelId: MODEL, regenerate: { userMessageId: side.at(-2)!.id } });
    expect(res.status, await peek(res)).toBe(200);
    await readChunks(res);
    const sentAgain = contents();
    const omittedAgain = side.length - 1 - sentAgain.length;
    expect(sentAgain).toEqual(textsOf(side.slice(omittedAgain, -1)));
  });

  it("a message of exactly the budget starts a chat; one byte more is a clear 413 that saves and sends nothing", async () => {
    const ada = await signUp();
    const fits = randomUUID();
    await send(ada, fits, sized("edge", (BUDGET - 4) * 3), "fits");
    expect(modelCalls()).toHaveLength(1);

    const threadId = randomUUID();
    const res = await postChat(ada.cookie, chatBody(sized("big", (BUDGET - 4) * 3 + 1), threadId));
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string; details: { estimatedTokens: number; availableTokens: number } } };
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.error.message).toMatch(/too long for fake-model: it is about 3,073 tokens, and fake-model has room for 3,072/);
    expect(body.error.details).toMatchObject({ estimatedTokens: BUDGET + 1, availableTokens: BUDGET });
    await expect(ada.caller.threads.get({ threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(modelCalls()).toHaveLength(1);
  });

  it("in a thread, a message too long for the window is refused and the thread is as it was", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    const { path } = await send(ada, threadId, "hello", "hi");
    const res = await postChat(ada.cookie, chatBody(sized("big", 20_000), threadId));
    expect(res.status).toBe(413);
    expect((await ada.caller.threads.get({ threadId })).messageCount).toBe(2);
    expect((await settled(ada, threadId)).map((m) => m.id)).toEqual(path.map((m) => m.id));
    expect(modelCalls()).toHaveLength(1);
  });

  it("a Sidekiq's instructions take their share of the window: a message that fits alone but not beside them is refused", async () => {
    const ada = await signUp();
    const instructions = sized("Be brief.", 3000);
    const { id: sidekiqId } = await ada.caller.sidekiqs.create({ name: "Wordy", instructions, visibility: "private", teamId: null });
    const message = sized("long", 7000);
    expect(tokens(7000)).toBeLessThanOrEqual(BUDGET);
    expect(tokens(7000)).toBeGreaterThan(BUDGET - tokens(3000));

    const threadId = randomUUID();
    const res = await postChat(ada.cookie, { ...chatBody(message, threadId), sidekiqId });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`room for ${(BUDGET - tokens(3000)).toLocaleString("en-US")}`);
    await expect(ada.caller.threads.get({ threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Without the Sidekiq, the same message goes.
    await send(ada, randomUUID(), message, "fine");
    expect(modelCalls()).toHaveLength(1);
  });

  it("another reply from a model with a smaller window is refused when the question cannot fit it", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    const question = sized("q", 12_000);
    const { path } = await send(ada, threadId, question, "answered by the large model", { modelId: MODEL_2 });
    const res = await postChat(ada.cookie, { threadId, modelId: MODEL, regenerate: { userMessageId: path[0]!.id } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect((await ada.caller.threads.get({ threadId })).messageCount).toBe(2);
    const retry = await postChat(ada.cookie, { threadId, modelId: MODEL, retry: true });
    expect(retry.status).toBe(413);
    expect(modelCalls()).toHaveLength(1);
    expect((await settled(ada, threadId)).map((m) => m.id)).toEqual(path.map((m) => m.id));
  });
});
