// Branches: edit, regenerate, switch, fork and the tree, on both databases, with the fake LLM
// recording exactly what each model call received.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { fromColumns } from "@/lib/chat/tree";
import { chatBody, fakeLlm, postChat, readChunks, signUp, type TestUser, textOf, waitFor, textsOf } from "./helpers/context";

const MODEL = "openai-compatible:fake-model";
const MODEL_2 = "openai-compatible:fake-model-2";

type Path = Awaited<ReturnType<TestUser["caller"]["messages"]["list"]>>["items"];

/** The thread's tree, its columns read back as nodes. */
async function treeOf(u: TestUser, input: { threadId: string }) {
  const { leafMessageId, columns } = await u.caller.threads.tree(input);
  return { leafMessageId, nodes: fromColumns(columns) };
}

/** The active path once nothing is streaming in it. */
async function settled(u: TestUser, threadId: string): Promise<Path> {
  return waitFor(async () => {
    const { items } = await u.caller.messages.list({ threadId });
    return items.every((m) => m.status !== "streaming") ? items : undefined;
  });
}

/** Sends a message (after the active leaf unless a parent is named) and waits for its reply to be saved. */
async function send(u: TestUser, threadId: string, text: string, extra: Record<string, unknown> = {}) {
  const res = await postChat(u.cookie, { ...chatBody(text, threadId), ...extra });
  expect(res.status, text).toBe(200);
  const chunks = await readChunks(res);
  return { text: textOf(chunks), path: await settled(u, threadId) };
}

async function regenerate(u: TestUser, threadId: string, userMessageId: string, modelId = MODEL) {
  const res = await postChat(u.cookie, { threadId, modelId, regenerate: { userMessageId } });
  expect(res.status).toBe(200);
  const chunks = await readChunks(res);
  return { text: textOf(chunks), path: await settled(u, threadId) };
}

const lastModelCall = () => fakeLlm().requests.filter((r) => r.stream).at(-1)!;

describe("branches", () => {
  beforeEach(() => fakeLlm().reset());

  it("an edit of the first message of a 10-turn thread sends the model that one message, and keeps the old branch", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    let path: Path = [];
    for (let i = 0; i < 10; i++) ({ path } = await send(ada, threadId, `turn ${i} #tokens:2`));
    expect(path).toHaveLength(20);
    const first = path[0]!;

    const edited = await send(ada, threadId, "turn 0, reworded #tokens:2", { parentMessageId: null });
    expect(lastModelCall().messages).toEqual([{ role: "user", content: "turn 0, reworded #tokens:2" }]);
    expect(textsOf(edited.path)[0]).toBe("turn 0, reworded #tokens:2");
    expect(edited.path).toHaveLength(2);
    expect(edited.path[0]!.siblingIds).toEqual([first.id, edited.path[0]!.id]);
    expect(edited.path[0]!.siblingIndex).toBe(1);
    expect((await ada.caller.threads.get({ threadId })).messageCount).toBe(22);

    // The arrows back: the old branch, with its leaf as it was.
    await ada.caller.threads.setActiveLeaf({ threadId, messageId: first.id });
    const back = await settled(ada, threadId);
    expect(back.map((m) => m.id)).toEqual(path.map((m) => m.id));

    // An edit in the middle: the model gets the chain up to the edited message's parent, and the edit.
    const fifthUser = path[8]!;
    await send(ada, threadId, "turn 4, again #tokens:2", { parentMessageId: fifthUser.parentMessageId });
    const sent = lastModelCall().messages;
    expect(sent).toHaveLength(9);
    expect(sent.at(-1)).toEqual({ role: "user", content: "turn 4, again #tokens:2" });
    expect(sent.map((m) => (typeof m.content === "string" ? m.content : "")).filter((c) => c.startsWith("turn 4"))).toEqual(["turn 4, again #tokens:2"]);
  });

  it("regenerates three times with two models, and switches between the replies", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    const { path } = await send(ada, threadId, "pick a colour");
    const question = path[0]!;
    fakeLlm().enqueue({ text: "Red." }, { text: "Blue." }, { text: "Green." });
    await regenerate(ada, threadId, question.id, MODEL_2);
    await regenerate(ada, threadId, question.id, MODEL);
    const third = await regenerate(ada, threadId, question.id, MODEL_2);
    expect(third.text).toBe("Green.");
    expect(fakeLlm().requests.filter((r) => r.stream).map((r) => r.model)).toEqual(["fake-model", "fake-model-2", "fake-model", "fake-model-2"]);
    // Every regeneration got the same history: the question, nothing from a sibling.
    for (const r of fakeLlm().requests.filter((r) => r.stream)) expect(r.messages).toEqual([{ role: "user", content: "pick a colour" }]);

    const reply = third.path[1]!;
    expect(reply.siblingIds).toHaveLength(4);
    expect(reply.siblingIndex).toBe(3);
    expect(reply.modelId).toBe(MODEL_2);
    for (const [i, id] of reply.siblingIds.entries()) {
      expect(await ada.caller.threads.setActiveLeaf({ threadId, messageId: id })).toEqual({ leafMessageId: id });
      const shown = await settled(ada, threadId);
      expect(shown[1]!.id).toBe(id);
      expect(shown[1]!.siblingIndex).toBe(i);
    }
    expect(textsOf(await settled(ada, threadId))[1]).toBe("Green.");
    expect((await ada.caller.threads.get({ threadId })).messageCount).toBe(5);
  });

  it("switching at an old fork opens that branch as the user left it, and a reload shows the same", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    const a = await send(ada, threadId, "root question");
    await send(ada, threadId, "branch A, step 1");
    const a2 = await send(ada, threadId, "branch A, step 2");
    const b = await send(ada, threadId, "branch B, step 1", { parentMessageId: a.path[1]!.id });
    const b2 = await send(ada, threadId, "branch B, step 2");
    await send(ada, threadId, "branch B, step 3");
    // Back to B's step 2 (not its leaf), then to A: A opens at its own leaf.
    await ada.caller.threads.setActiveLeaf({ threadId, messageId: b2.path.at(-1)!.id });
    expect(textsOf(await settled(ada, threadId)).at(-2)).toBe("branch B, step 3");
    await ada.caller.threads.setActiveLeaf({ threadId, messageId: a2.path[2]!.id });
    expect((await settled(ada, threadId)).map((m) => m.id)).toEqual(a2.path.map((m) => m.id));
    // Switching to B by its first message: B's last viewed leaf.
    const leaf = await ada.caller.threads.setActiveLeaf({ threadId, messageId: b.path[2]!.id });
    const reloaded = await settled(ada, threadId);
    expect(reloaded.at(-1)!.id).toBe(leaf!.leafMessageId);
    expect(textsOf(reloaded).at(-2)).toBe("branch B, step 3");
    // And the next message follows that leaf.
    await send(ada, threadId, "branch B, step 4");
    expect(lastModelCall().messages.map((m) => m.content).filter((c) => typeof c === "string" && c.startsWith("branch"))).toEqual(["branch B, step 1", "branch B, step 2", "branch B, step 3", "branch B, step 4"]);
  });

  it("a regenerate at an old fork stays on the new branch after a reload, and the next message's history follows it", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    const one = await send(ada, threadId, "first");
    await send(ada, threadId, "second");
    await send(ada, threadId, "third");
    fakeLlm().enqueue({ text: "A fresh take on first." });
    const again = await regenerate(ada, threadId, one.path[0]!.id, MODEL_2);
    // Reload: the path is the new reply, not the branch that was open.
    const reloaded = await settled(ada, threadId);
    expect(textsOf(reloaded)).toEqual(["first", "A fresh take on first."]);
    expect(reloaded.map((m) => m.id)).toEqual(again.path.map((m) => m.id));
    await send(ada, threadId, "then what?");
    expect(lastModelCall().messages).toEqual([
      { role: "user", content: "first" },
      { role: "assistant", content: "A fresh take on first." },
      { role: "user", content: "then what?" },
    ]);
  });

  it("forks into a new thread holding the path, and leaves the source untouched", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    await send(ada, threadId, "one");
    const two = await send(ada, threadId, "two");
    await send(ada, threadId, "three");
    await ada.caller.threads.rename({ threadId, title: "Numbers" });
    const before = { thread: await ada.caller.threads.get({ threadId }), tree: await treeOf(ada, { threadId }) };

    const fork = await ada.caller.threads.fork({ threadId, messageId: two.path[3]!.id });
    const forked = await ada.caller.threads.get({ threadId: fork.threadId });
    expect(forked.title).toBe("Fork of Numbers");
    expect(forked.forkedFromThreadId).toBe(threadId);
    expect(forked.forkedFromMessageId).toBe(two.path[3]!.id);
    expect(forked.messageCount).toBe(4);
    const path = await settled(ada, fork.threadId);
    expect(textsOf(path)).toEqual(textsOf(two.path));
    expect(path.map((m) => m.id).some((id) => two.path.some((o) => o.id === id))).toBe(false);

    expect(await ada.caller.threads.get({ threadId })).toEqual(before.thread);
    expect(await treeOf(ada, { threadId })).toEqual(before.tree);

    // The fork goes on by itself, with the copied history.
    await send(ada, fork.threadId, "four, in the fork");
    expect(lastModelCall().messages.map((m) => m.content).filter((c) => typeof c === "string" && !c.startsWith("You said"))).toEqual(["one", "two", "four, in the fork"]);
    expect((await treeOf(ada, { threadId })).nodes).toHaveLength(6);
  });

  it("the tree's totals add up to the thread's tokens and cost", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    const q = await send(ada, threadId, "count me #tokens:5");
    await regenerate(ada, threadId, q.path[0]!.id, MODEL_2);
    await send(ada, threadId, "and me #tokens:7", { parentMessageId: q.path[1]!.id });
    const tree = await treeOf(ada, { threadId });
    expect(tree.nodes).toHaveLength(5);
    expect(tree.leafMessageId).toBe(tree.nodes.at(-1)!.id);
    const sum = (k: "inputTokens" | "outputTokens" | "cost") => tree.nodes.reduce((s, n) => s + (n[k] ?? 0), 0);
    const { getDb } = await import("@/server/db/client");
    const { rowsOf } = await import("@/server/db/raw");
    const { sql } = await import("drizzle-orm");
    const [totals] = await rowsOf(getDb(), sql`select sum(input_tokens)::int as i, sum(output_tokens)::int as o, coalesce(sum(cost), 0)::float8 as c from messages where thread_id = ${threadId}`);
    expect(sum("outputTokens")).toBe(totals!.o);
    expect(sum("outputTokens")).toBeGreaterThanOrEqual(5 + 7);
    expect(sum("inputTokens")).toBe(totals!.i);
    expect(sum("cost")).toBeCloseTo(Number(totals!.c), 8);
    // The parents make one tree rooted at the question.
    const roots = tree.nodes.filter((n) => n.parentId === null);
    expect(roots.map((n) => n.id)).toEqual([q.path[0]!.id]);
  });

  it("two tabs editing different forks at once: one streams, the other gets 409, and nothing is left half-made", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    const first = await send(ada, threadId, "start");
    await send(ada, threadId, "left fork");
    fakeLlm().enqueue({ tokens: 30, delayMs: 20 });
    const [x, y] = await Promise.all([
      postChat(ada.cookie, { ...chatBody("edit in tab one", threadId), parentMessageId: first.path[1]!.id }),
      postChat(ada.cookie, { ...chatBody("edit in tab two", threadId), parentMessageId: null }),
    ]);
    const statuses = [x.status, y.status].sort();
    expect(statuses).toEqual([200, 409]);
    const refused = x.status === 409 ? x : y;
    expect(((await refused.json()) as { error: { code: string; message: string } }).error.code).toBe("REPLY_IN_PROGRESS");
    await readChunks(x.status === 200 ? x : y);
    await settled(ada, threadId);
    const tree = await treeOf(ada, { threadId });
    // 2 turns, and the one edit that streamed: no user message without its reply.
    expect(tree.nodes).toHaveLength(6);
    expect(tree.nodes.filter((n) => n.role === "user").every((u) => tree.nodes.some((n) => n.parentId === u.id))).toBe(true);
  });

  it("refuses bad parents and foreign ids with a clear 400 or 404, changing nothing", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const threadId = randomUUID();
    const mine = await send(ada, threadId, "hello");
    const otherThread = randomUUID();
    const other = await send(ada, otherThread, "elsewhere");
    const bobsThread = randomUUID();
    const bobs = await send(bob, bobsThread, "bob's own");
    const before = await treeOf(ada, { threadId });
    fakeLlm().reset();

    const statusOf = async (body: unknown) => {
      const res = await postChat(ada.cookie, body);
      return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    };
    expect(await statusOf({ ...chatBody("x", threadId), parentMessageId: randomUUID() })).toEqual([404, "NOT_FOUND"]);
    expect(await statusOf({ ...chatBody("x", threadId), parentMessageId: other.path[1]!.id })).toEqual([404, "NOT_FOUND"]);
    expect(await statusOf({ ...chatBody("x", threadId), parentMessageId: mine.path[0]!.id })).toEqual([400, "BAD_REQUEST"]);
    expect(await statusOf({ ...chatBody("x", threadId), parentMessageId: "not-an-id" })).toEqual([400, "BAD_REQUEST"]);
    expect(await statusOf({ threadId, modelId: MODEL, regenerate: { userMessageId: other.path[0]!.id } })).toEqual([404, "NOT_FOUND"]);
    expect(await statusOf({ threadId, modelId: MODEL, regenerate: { userMessageId: mine.path[1]!.id } })).toEqual([404, "NOT_FOUND"]);
    // A new thread id with a parent: no thread is made.
    const ghost = randomUUID();
    expect(await statusOf({ ...chatBody("x", ghost), parentMessageId: mine.path[1]!.id })).toEqual([404, "NOT_FOUND"]);
    await expect(ada.caller.threads.get({ threadId: ghost })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // A parent still streaming.
    fakeLlm().enqueue({ tokens: 40, delayMs: 20 });
    const streaming = await postChat(ada.cookie, chatBody("slow one", threadId));
    const replyId = await waitFor(async () => (await ada.caller.messages.list({ threadId })).items.find((m) => m.status === "streaming")?.id);
    expect(await statusOf({ ...chatBody("y", threadId), parentMessageId: replyId })).toEqual([400, "BAD_REQUEST"]);
    await expect(ada.caller.threads.fork({ threadId, messageId: replyId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await readChunks(streaming);
    await settled(ada, threadId);

    // Someone else's thread and messages: 404 everywhere.
    await expect(ada.caller.threads.fork({ threadId: bobsThread, messageId: bobs.path[1]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ada.caller.threads.fork({ threadId, messageId: bobs.path[1]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ada.caller.threads.setActiveLeaf({ threadId, messageId: other.path[1]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.threads.setActiveLeaf({ threadId, messageId: mine.path[1]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(treeOf(bob, { threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.messages.list({ threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const res = await postChat(bob.cookie, { threadId, modelId: MODEL, regenerate: { userMessageId: mine.path[0]!.id } });
    expect(res.status).toBe(404);

    // Only the one good turn reached the model, and the tree grew by it alone.
    expect(fakeLlm().requests.filter((r) => r.stream)).toHaveLength(1);
    expect((await treeOf(ada, { threadId })).nodes).toHaveLength(before.nodes.length + 2);
  });
});
