// Export and import, through the real route handlers, on both databases: a thread as Markdown
// and JSON, everything as one streamed file, and imports of this app's export, ChatGPT's (one
// file, sharded, zipped) and Claude's, made here in the shapes those exports document.
import { randomUUID } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as exportAllGET } from "@/app/api/export/route";
import { POST as importPOST } from "@/app/api/import/route";
import { GET as exportThreadGET } from "@/app/api/threads/[threadId]/export/route";
import { STARTS_WITH_REPLY } from "@/server/library/import-formats";
import { BASE, chatBody, fakeLlm, postChat, readChunks, signUp, type TestUser, waitFor, textsOf } from "./helpers/context";
import { messageText } from "@/lib/chat/message";

type Report = {
  imported: number;
  duplicates: number;
  skipped: number;
  failed: number;
  conversations: { source: string; sourceId: string | null; title: string | null; status: string; threadId?: string; messages?: number; reason?: string }[];
  fileErrors: { file: string; reason: string }[];
};

const exportThread = (u: TestUser | null, threadId: string, format = "json") =>
  exportThreadGET(new Request(`${BASE}/api/threads/${threadId}/export?format=${format}`, { headers: u ? { cookie: u.cookie } : {} }), { params: Promise.resolve({ threadId }) });

async function importBytes(u: TestUser, bytes: Uint8Array | string, name = "conversations.json"): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([typeof bytes === "string" ? bytes : new Uint8Array(bytes)]), name);
  return importPOST(new Request(`${BASE}/api/import`, { method: "POST", headers: { cookie: u.cookie, origin: BASE }, body: form }));
}

async function importOk(u: TestUser, bytes: Uint8Array | string, name?: string): Promise<Report> {
  const res = await importBytes(u, bytes, name);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Report;
}

async function settled(u: TestUser, threadId: string) {
  return waitFor(async () => {
    const { items } = await u.caller.messages.list({ threadId });
    return items.every((m) => m.status !== "streaming") ? items : undefined;
  });
}

async function send(u: TestUser, threadId: string, text: string, extra: Record<string, unknown> = {}) {
  await readChunks(await postChat(u.cookie, { ...chatBody(text, threadId), ...extra }));
  return settled(u, threadId);
}

/** A thread with two branches: a question, two replies to it, and a follow-up under the second. */
async function branchedThread(u: TestUser): Promise<string> {
  const threadId = randomUUID();
  const [question] = await send(u, threadId, "Name a lake #tokens:3");
  await readChunks(await postChat(u.cookie, { threadId, modelId: "openai-compatible:fake-model-2", regenerate: { userMessageId: question!.id } }));
  await settled(u, threadId);
  await send(u, threadId, "And a river? #tokens:2");
  await u.caller.threads.rename({ threadId, title: "Lakes & rivers" });
  await u.caller.threads.pin({ threadId, pinned: true });
  return threadId;
}

type Tree = Awaited<ReturnType<TestUser["caller"]["threads"]["tree"]>>;

/** A thread's messages as comparable records: ids replaced by positions in the order written. */
async function shapeOf(u: TestUser, threadId: string) {
  const res = await exportThread(u, threadId);
  const { threads } = (await res.json()) as { threads: { title: string; isPinned: boolean; isArchived: boolean; folder: string | null; modelId: string; leafMessageId: string; messages: Record<string, unknown>[] }[] };
  const t = threads[0]!;
  const index = new Map(t.messages.map((m, i) => [m.id as string, i]));
  return {
    title: t.title,
    folder: t.folder,
    isPinned: t.isPinned,
    isArchived: t.isArchived,
    modelId: t.modelId,
    leaf: index.get(t.leafMessageId),
    messages: t.messages.map(({ id: _id, parentId, sidekiqId: _s, sidekiqVersion: _v, ...rest }) => ({ ...rest, parent: parentId === null ? null : index.get(parentId as string) })),
  };
}

// ChatGPT's export: `mapping` is a tree of nodes (a root without a message, hidden system and
// context nodes, the model's thoughts), `current_node` the leaf shown.
function gptNode(id: string, parent: string | null, children: string[], message: Record<string, unknown> | null) {
  return { id, parent, children, message };
}
const gptMessage = (id: string, role: string, text: string, t: number, extra: Record<string, unknown> = {}) => ({
  id,
  author: { role },
  create_time: t,
  content: { content_type: "text", parts: [text] },
  metadata: {},
  recipient: "all",
  ...extra,
});

function chatGptConversation(id: string, title: string) {
  const t0 = 1_700_000_000;
  return {
    id,
    conversation_id: id,
    title,
    create_time: t0,
    update_time: t0 + 100,
    default_model_slug: "gpt-4o",
    current_node: "a2",
    mapping: {
      root: gptNode("root", null, ["sys"], null),
      sys: gptNode("sys", "root", ["ctx"], gptMessage("sys", "system", "You are ChatGPT", t0, { metadata: { is_visually_hidden_from_conversation: true } })),
      ctx: gptNode("ctx", "sys", ["u1"], { ...gptMessage("ctx", "user", "about me", t0), content: { content_type: "user_editable_context", user_profile: "x" } }),
      u1: gptNode("u1", "ctx", ["th", "a1"], gptMessage("u1", "user", "What is a fjord?", t0 + 1)),
      // The model's thinking, then its answer under it: the thinking is left out, the answer kept.
      th: gptNode("th", "u1", ["rr"], { ...gptMessage("th", "assistant", "", t0 + 2), content: { content_type: "thoughts", thoughts: [{ summary: "hm" }] } }),
      rr: gptNode("rr", "th", ["a2"], { ...gptMessage("rr", "assistant", "", t0 + 3), content: { content_type: "reasoning_recap", content: "Thought for 2s" } }),
      a2: gptNode("a2", "rr", [], gptMessage("a2", "assistant", "A long narrow inlet, second answer.", t0 + 4, { metadata: { model_slug: "o3" } })),
      // A reply whose parent does not list it among its children.
      a1: gptNode("a1", "u1", [], gptMessage("a1", "assistant", "A sea inlet.", t0 + 2, { metadata: { model_slug: "gpt-4o" } })),
    },
  };
}

function claudeConversation(uuid: string, withParents: boolean) {
  const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();
  const msg = (id: string, sender: string, text: string, s: number, parent?: string) => ({
    uuid: id,
    sender,
    text,
    content: [{ type: "text", text }],
    created_at: at(s),
    ...(withParents ? { parent_message_uuid: parent ?? "00000000-0000-4000-8000-000000000000" } : {}),
  });
  return {
    uuid,
    name: withParents ? "Claude tree" : "Claude flat",
    created_at: at(0),
    updated_at: at(9),
    chat_messages: withParents
      ? [msg("h1", "human", "Hi Claude", 1), msg("c1", "assistant", "Hello!", 2, "h1"), msg("c2", "assistant", "Hi there!", 3, "h1"), msg("h2", "human", "Thanks", 4, "c2")]
      : // Two replies in a row: versions of one answer, the second the one the chat went on from.
        [msg("h1", "human", "Hi Claude", 1), msg("c1", "assistant", "Hello!", 2), msg("c2", "assistant", "Hi there!", 3), msg("h2", "human", "Thanks", 4), msg("c3", "assistant", "Any time.", 5)],
  };
}

describe("export", () => {
  beforeEach(() => fakeLlm().reset());

  it("a thread as JSON keeps every branch with its parents; as Markdown, the branch shown; another user's is a 404", async () => {
    const ada = await signUp("Ada");
    const threadId = await branchedThread(ada);
    const res = await exportThread(ada, threadId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="lakes-rivers.json"');
    const { format, threads } = (await res.json()) as { format: string; threads: { messages: { id: string; parentId: string | null; role: string }[]; leafMessageId: string }[] };
    expect(format).toBe("sidekiq.export");
    const { messages, leafMessageId } = threads[0]!;
    expect(messages).toHaveLength(5);
    const [q, r1, r2] = messages;
    expect([r1!.parentId, r2!.parentId]).toEqual([q!.id, q!.id]);
    const tree: Tree = await ada.caller.threads.tree({ threadId });
    expect(tree.columns.ids).toEqual(messages.map((m) => m.id));
    expect(leafMessageId).toBe(tree.leafMessageId);

    const md = await exportThread(ada, threadId, "md");
    expect(md.headers.get("content-type")).toContain("text/markdown");
    const text = await md.text();
    expect(text).toMatch(/^# Lakes & rivers\n/);
    expect(text).toContain("the branch shown of 2");
    expect(text).toContain("And a river?");
    // The branch shown goes through the second reply (fake-model-2's), not the first.
    expect(text).toContain("(fake-model-2)");
    expect(text.match(/\*\*Assistant/g)).toHaveLength(2);

    const bob = await signUp("Bob");
    expect((await exportThread(bob, threadId)).status).toBe(404);
    expect((await exportThread(null, threadId)).status).toBe(401);
    expect((await exportThread(ada, threadId, "pdf")).status).toBe(400);
    expect((await exportThread(ada, randomUUID())).status).toBe(404);
  });

  it("everything: a streamed JSON file with every thread and message of the user, their folders and Sidekiqs, and no one else's", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const a = await branchedThread(ada);
    const b = randomUUID();
    await send(ada, b, "Second chat #tokens:2");
    await send(bob, randomUUID(), "Bob's own #tokens:2");
    const trips = await ada.caller.folders.create({ name: "Trips" });
    await ada.caller.folders.create({ name: "Empty for now" });
    await bob.caller.folders.create({ name: "Bob's folder" });
    await ada.caller.threads.move({ threadIds: [a], folderId: trips.id });
    const tutor = await ada.caller.sidekiqs.create({ name: "Tutor", instructions: "Explain it step by step.", starters: ["Teach me Rust"] });
    await ada.caller.sidekiqs.update({ sidekiqId: tutor.id, instructions: "Explain it in three steps." });
    await bob.caller.sidekiqs.create({ name: "Bob's Sidekiq" });
    const res = await exportAllGET(new Request(`${BASE}/api/export`, { headers: { cookie: ada.cookie } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="sidekiq-export-\d{4}-\d\d-\d\d\.json"$/);
    const doc = JSON.parse(await res.text()) as {
      folders: { name: string }[];
      sidekiqs: { id: string; name: string; instructions: string; starters: string[]; version: number }[];
      threads: { id: string; folder: string | null; messages: unknown[] }[];
    };
    expect(doc.threads.map((t) => t.id).sort()).toEqual([a, b].sort());
    expect(doc.threads.find((t) => t.id === a)!.messages).toHaveLength(5);
    expect(doc.threads.find((t) => t.id === a)!.folder).toBe("Trips");
    expect(doc.threads.find((t) => t.id === b)!.folder).toBeNull();
    expect(doc.folders.map((f) => f.name)).toEqual(["Trips", "Empty for now"]);
    // Its own Sidekiqs as they are now (the current version's instructions).
    expect(doc.sidekiqs).toEqual([expect.objectContaining({ id: tutor.id, name: "Tutor", instructions: "Explain it in three steps.", starters: ["Teach me Rust"], version: 2 })]);
    expect((await exportAllGET(new Request(`${BASE}/api/export`))).status).toBe(401);
  });
});

describe("import", () => {
  beforeEach(() => fakeLlm().reset());

  it("an export imported into a fresh account is the same, field by field, branches included; a second time adds nothing", async () => {
    const ada = await signUp("Ada");
    const threadId = await branchedThread(ada);
    const archived = randomUUID();
    await send(ada, archived, "Old chat #tokens:2");
    // Its title is written beside the reply: wait for it, so that the export has it.
    await waitFor(async () => (await ada.caller.threads.get({ threadId: archived })).title ?? undefined);
    await ada.caller.threads.archive({ threadId: archived, archived: true });
    const lakes = await ada.caller.folders.create({ name: "Geography" });
    await ada.caller.folders.create({ name: "Later" });
    await ada.caller.threads.move({ threadIds: [threadId], folderId: lakes.id });
    const guide = await ada.caller.sidekiqs.create({ name: "Lake guide", description: "Knows every lake", instructions: "Answer like a ranger.", starters: ["Deepest lake?"] });
    const file = await (await exportAllGET(new Request(`${BASE}/api/export`, { headers: { cookie: ada.cookie } }))).text();

    const eve = await signUp("Eve");
    const report = await importOk(eve, file, "sidekiq-export.json");
    expect(report).toMatchObject({ imported: 2, duplicates: 0, skipped: 0, failed: 0, fileErrors: [], sidekiqs: { imported: 1, existing: 0, skipped: 0 } });
    // Ada's Sidekiq, as Eve's own private copy (Ada's stays hers).
    const [mine] = (await eve.caller.sidekiqs.list({ tab: "mine" })).items;
    expect(mine).toMatchObject({ name: "Lake guide", description: "Knows every lake", visibility: "private" });
    expect(mine!.id).not.toBe(guide.id);
    expect(await eve.caller.sidekiqs.get({ sidekiqId: mine!.id })).toMatchObject({ instructions: "Answer like a ranger.", starters: ["Deepest lake?"], currentVersion: 1 });
    expect((await ada.caller.sidekiqs.get({ sidekiqId: guide.id })).name).toBe("Lake guide");
    const copy = report.conversations.find((c) => c.sourceId === threadId)!;
    expect(copy.messages).toBe(5);
    expect(await shapeOf(eve, copy.threadId!)).toEqual(await shapeOf(ada, threadId));
    const archivedCopy = report.conversations.find((c) => c.sourceId === archived)!;
    expect(await shapeOf(eve, archivedCopy.threadId!)).toEqual(await shapeOf(ada, archived));

    const again = await importOk(eve, file);
    expect(again).toMatchObject({ imported: 0, duplicates: 2, sidekiqs: { imported: 0, existing: 1 } });
    expect((await eve.caller.sidekiqs.list({ tab: "mine" })).items).toHaveLength(1);
    expect((await eve.caller.threads.list({})).items).toHaveLength(1);
    expect((await eve.caller.threads.list({ archived: true })).items).toHaveLength(1);
    // The folders came along, the empty one too, and only once.
    const names = async (u: TestUser) => (await u.caller.folders.list()).map((f) => f.name).sort();
    expect(await names(eve)).toEqual(["Geography", "Later"]);
    // Into the account it came from: those threads and folders are there already.
    expect(await importOk(ada, file)).toMatchObject({ imported: 0, duplicates: 2, sidekiqs: { imported: 0, existing: 1 } });
    expect(await names(ada)).toEqual(["Geography", "Later"]);
    expect((await ada.caller.sidekiqs.list({ tab: "mine" })).items).toHaveLength(1);
  });

  it("a ChatGPT conversations.json: the mapping tree with its branches, hidden and thinking nodes left out, current_node shown; folders reported", async () => {
    const u = await signUp("Gpt");
    const file = JSON.stringify([chatGptConversation("c-1", "Fjords"), { id: "folder-1", title: "Work", type: "folder" }]);
    const report = await importOk(u, file);
    expect(report).toMatchObject({ imported: 1, skipped: 1, failed: 0 });
    expect(report.conversations.find((c) => c.sourceId === "folder-1")).toMatchObject({ status: "skipped", reason: expect.stringContaining("not a conversation") });
    const threadId = report.conversations[0]!.threadId!;
    const thread = await u.caller.threads.get({ threadId });
    expect(thread).toMatchObject({ title: "Fjords", modelId: "openai:gpt-4o", messageCount: 3 });
    const path = await settled(u, threadId);
    expect(path.map((m) => [m.role, messageText(m.parts), m.modelId])).toEqual([
      ["user", "What is a fjord?", null],
      ["assistant", "A long narrow inlet, second answer.", "openai:o3"],
    ]);
    // Both answers, as versions of one reply, in the order written; and the original times.
    expect(path[1]!.siblingIds).toHaveLength(2);
    expect(path[0]!.createdAt).toBe(new Date(1_700_000_001_000).toISOString());
    const other = path[1]!.siblingIds.find((id) => id !== path[1]!.id)!;
    await u.caller.threads.setActiveLeaf({ threadId, messageId: other });
    expect(textsOf(await settled(u, threadId))).toEqual(["What is a fjord?", "A sea inlet."]);
  });

  it("a ChatGPT .zip with sharded conversations-NNN.json files and its manifest; a cycle is broken; a shard the manifest names but the zip lacks is reported", async () => {
    const u = await signUp("Zip");
    const cyclic = chatGptConversation("c-cycle", "Loop");
    // u1 and a1 point at each other: the cycle is broken where it closes.
    (cyclic.mapping.u1 as { parent: string | null }).parent = "a1";
    const zip = zipSync({
      "export_manifest.json": strToU8(JSON.stringify({ export_files: [{ path: "conversations-000.json" }, { path: "conversations-001.json" }, { path: "conversations-002.json" }] })),
      "conversations-000.json": strToU8(JSON.stringify([chatGptConversation("c-a", "Shard A")])),
      "conversations-001.json": strToU8(JSON.stringify([chatGptConversation("c-b", "Shard B"), cyclic])),
      "user.json": strToU8("{}"),
    });
    const report = await importOk(u, zip, "chatgpt-export.zip");
    expect(report).toMatchObject({ imported: 3, failed: 0 });
    expect(report.conversations.map((c) => c.title)).toEqual(["Shard A", "Shard B", "Loop"]);
    expect(report.fileErrors).toEqual([{ file: "conversations-002.json", reason: "named in export_manifest.json but not in the archive" }]);
    const loop = report.conversations[2]!.threadId!;
    expect((await u.caller.threads.get({ threadId: loop })).messageCount).toBeGreaterThan(0);
    // The same archive again: nothing new.
    expect(await importOk(u, zip, "chatgpt-export.zip")).toMatchObject({ imported: 0, duplicates: 3 });
  });

  it("a Claude export, with parent_message_uuid and without (a run of replies are versions, the last one shown)", async () => {
    const u = await signUp("Claude");
    const zip = zipSync({ "conversations.json": strToU8(JSON.stringify([claudeConversation("k-tree", true), claudeConversation("k-flat", false)])), "users.json": strToU8("[]") });
    const report = await importOk(u, zip, "claude.zip");
    expect(report).toMatchObject({ imported: 2, skipped: 0 });
    const [tree, flat] = report.conversations.map((c) => c.threadId!);
    const treePath = await settled(u, tree!);
    expect(textsOf(treePath)).toEqual(["Hi Claude", "Hi there!", "Thanks"]);
    expect(treePath[1]!.siblingIds).toHaveLength(2);
    const flatPath = await settled(u, flat!);
    expect(textsOf(flatPath)).toEqual(["Hi Claude", "Hi there!", "Thanks", "Any time."]);
    expect(flatPath[1]!.siblingIds).toHaveLength(2);
    expect((await u.caller.threads.get({ threadId: flat! })).title).toBe("Claude flat");
  });

  it("one bad conversation among good ones is reported and costs the others nothing; a reply with no question gets a placeholder", async () => {
    const u = await signUp("Mixed");
    const startsWithReply = {
      uuid: "k-reply-first",
      name: "Greeting",
      created_at: "2025-01-01T00:00:00Z",
      chat_messages: [{ uuid: "x1", sender: "assistant", text: "Welcome!", created_at: "2025-01-01T00:00:01Z" }],
    };
    const file = JSON.stringify([chatGptConversation("g-1", "Good one"), { id: "g-bad", title: "Broken", mapping: "not a tree", current_node: 3 }, startsWithReply, chatGptConversation("g-2", "Good two")]);
    const report = await importOk(u, file);
    expect(report).toMatchObject({ imported: 3, skipped: 1, failed: 0 });
    expect(report.conversations.find((c) => c.title === "Broken")).toMatchObject({ status: "skipped", reason: expect.any(String) });
    const greeting = report.conversations.find((c) => c.title === "Greeting")!.threadId!;
    expect((await settled(u, greeting)).map((m) => [m.role, messageText(m.parts)])).toEqual([
      ["user", STARTS_WITH_REPLY],
      ["assistant", "Welcome!"],
    ]);
  });

  it("a file that is none of the formats is a 400 that says what was expected, and an oversized one a 413", async () => {
    const u = await signUp("Bad");
    for (const body of ["hello, world", "", '{"format":"something else","threads":[{"id":"x"}]}', "[1, 2", "[]"]) {
      const res = await importBytes(u, body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("Expected a Sidekiq export");
    }
    const zipWithout = zipSync({ "notes.txt": strToU8("hi") });
    expect((await importBytes(u, zipWithout, "x.zip")).status).toBe(400);
    const huge = await importPOST(
      new Request(`${BASE}/api/import`, { method: "POST", headers: { cookie: u.cookie, origin: BASE, "content-type": "multipart/form-data; boundary=x", "content-length": String(300 * 1024 * 1024) }, body: "--x--" }),
    );
    expect(huge.status).toBe(413);
    const noFile = await importPOST(new Request(`${BASE}/api/import`, { method: "POST", headers: { cookie: u.cookie, origin: BASE }, body: new FormData() }));
    expect(noFile.status).toBe(400);
    expect((await importPOST(new Request(`${BASE}/api/import`, { method: "POST", headers: { origin: BASE }, body: "x" }))).status).toBe(401);
    expect((await u.caller.threads.list({})).items).toEqual([]);
  });
});

describe("import in bounded work", () => {
  it("cuts a message longer than a message may be to MAX_MESSAGE_CHARS, and says so", async () => {
    const u = await signUp("Long");
    const long = chatGptConversation("g-long", "Long one");
    (long.mapping.u1.message as { content: { parts: string[] } }).content.parts = ["é".repeat(300_000)];
    const report = (await importOk(u, JSON.stringify([long]))) as Report & { conversations: { note?: string }[]; notes: string[] };
    expect(report.imported).toBe(1);
    expect(report.conversations[0]!.note).toBe("1 message was cut to 100,000 characters, the most a message may be.");
    // 300,000 characters were also more than a JSON string may be (400 KB): the guard cut it first.
    expect(report.notes.join(" ")).toMatch(/1 text was longer than a message may be/);
    const { items } = await u.caller.messages.list({ threadId: report.conversations[0]!.threadId! });
    expect(textsOf(items).map((t) => t.length)).toEqual([100_000, "A long narrow inlet, second answer.".length]);
  });

  it("refuses a zip that inflates to more than 100 times its size, having saved nothing past it", async () => {
    const u = await signUp("Bomb");
    // One 40 MB string in a JSON list: a few dozen KB compressed.
    const bomb = zipSync({ "conversations.json": new Uint8Array(40 * 1024 * 1024).fill(0x61).fill(0x22, 1, 2).fill(0x5b, 0, 1).fill(0x22, -2, -1).fill(0x5d, -1) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(200_000);
    const res = await importBytes(u, bomb, "bomb.zip");
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/more than 100 times its size/);
    const job = await u.caller.imports.latest();
    expect(job).toMatchObject({ status: "failed", error: expect.stringMatching(/100 times/) });
  });

  it("stops at a megabyte of whitespace in a row, which no export has", async () => {
    const u = await signUp("Blank");
    const res = await importBytes(u, `[${" ".repeat(1024 * 1024 + 1)}]`);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/more than 1 MB of nothing but whitespace/);
  });

  it("runs one import per user at a time: a second one while the first runs is a 409; others' imports are not held up", async () => {
    const u = await signUp("Twice");
    // A first import whose body arrives slowly: its file is still being read.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const enc = new TextEncoder();
    const head = enc.encode(`--b\r\ncontent-disposition: form-data; name="file"; filename="conversations.json"\r\ncontent-type: application/json\r\n\r\n[${JSON.stringify(chatGptConversation("g-slow", "Slow"))}`);
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(head);
        await held;
        controller.enqueue(enc.encode("]\r\n--b--\r\n"));
        controller.close();
      },
    });
    const first = importPOST(new Request(`${BASE}/api/import`, { method: "POST", headers: { cookie: u.cookie, origin: BASE, "content-type": "multipart/form-data; boundary=b" }, body, duplex: "half" } as RequestInit));
    await waitFor(async () => ((await u.caller.imports.latest())?.status === "running" ? true : undefined));
    const second = await importBytes(u, JSON.stringify([chatGptConversation("g-2nd", "Second")]));
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { message: string } }).error.message).toMatch(/still running/);
    const other = await signUp("Other");
    expect((await importOk(other, JSON.stringify([chatGptConversation("g-other", "Other's")]))).imported).toBe(1);
    release();
    const done = await first;
    expect(done.status).toBe(200);
    expect(((await done.json()) as Report).imported).toBe(1);
    expect(await u.caller.imports.latest()).toMatchObject({ status: "done", imported: 1, conversations: 1 });
    // And once it is done, the next one may start.
    expect((await importOk(u, JSON.stringify([chatGptConversation("g-3rd", "Third")]))).imported).toBe(1);
  });
});

describe("import of a broken form", () => {
  it("answers 400, not 500, for a body that only claims to be multipart, or one cut short inside its file", async () => {
    const u = await signUp("Broken");
    const post = (body: string, contentType: string) =>
      importPOST(new Request(`${BASE}/api/import`, { method: "POST", headers: { cookie: u.cookie, origin: BASE, "content-type": contentType }, body }));
    const cases: [string, string][] = [
      ['"openai-compatible:fake-model"', "multipart/form-data; boundary=x"],
      ['--x\r\ncontent-disposition: form-data; name="file"; filename="c.json"\r\n\r\n[{"mapping":', "multipart/form-data; boundary=x"],
      ["--x\r\ncontent-disposition: form-data; name=", "multipart/form-data; boundary=x"],
    ];
    for (const [body, contentType] of cases) {
      const res = await post(body, contentType);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/multipart form|Expected a Sidekiq export/);
    }
    expect(await u.caller.imports.latest()).toMatchObject({ status: "failed" });
  });
});
