import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { anonymousCaller, chatBody, postChat, readChunks, signUp, type TestUser, waitFor } from "./helpers/context";
import { messageText } from "@/lib/chat/message";

async function threadWithReply(u: TestUser, text = "hello") {
  const body = chatBody(text);
  await readChunks(await postChat(u.cookie, body));
  await waitFor(async () => (await u.caller.messages.list({ threadId: body.threadId })).items.length === 2);
  return body.threadId;
}

describe("threads router", () => {
  it("lists pinned threads first, then by last activity, with keyset pagination", async () => {
    const ada = await signUp();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await threadWithReply(ada, `thread ${i}`));
    await ada.caller.threads.pin({ threadId: ids[1]!, pinned: true });

    const all = await ada.caller.threads.list({ limit: 50 });
    expect(all.items.map((t) => t.id)).toEqual([ids[1], ids[4], ids[3], ids[2], ids[0]]);
    expect(all.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor = undefined as (typeof all)["nextCursor"] | undefined;
    do {
      const page = await ada.caller.threads.list({ limit: 2, cursor });
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((t) => t.id));
  });

  it("pages past threads whose last activity falls in the same millisecond, to the microsecond", async () => {
    const ada = await signUp();
    const ids = [await threadWithReply(ada, "one"), await threadWithReply(ada, "two"), await threadWithReply(ada, "three")];
    const { getDb } = await import("@/server/db/client");
    const { sql } = await import("drizzle-orm");
    const { rowsOf } = await import("@/server/db/raw");
    // Microseconds apart inside one millisecond: a Date-rounded cursor skipped the later two.
    for (const [i, id] of ids.entries()) {
      await rowsOf(getDb(), sql`update threads set last_activity_at = ${`2026-05-01T10:00:00.123${9 - i}00Z`}::timestamptz where id = ${id}`);
    }
    const seen: string[] = [];
    let cursor = undefined as Awaited<ReturnType<typeof ada.caller.threads.list>>["nextCursor"] | undefined;
    do {
      const page = await ada.caller.threads.list({ limit: 1, cursor });
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    // The items' times are ISO 8601 text to the millisecond, the same instants as the rows'.
    const [listed] = (await ada.caller.threads.list({ limit: 1 })).items;
    expect(listed!.lastActivityAt).toBe("2026-05-01T10:00:00.123Z");
    expect(new Date(listed!.createdAt).getTime()).toBe((await ada.caller.threads.get({ threadId: ids[0]! })).createdAt.getTime());
    // A cursor from before the text form (a Date) still pages.
    const old = await ada.caller.threads.list({ limit: 50, cursor: { isPinned: false, lastActivityAt: new Date("2026-05-01T10:00:00.124Z"), id: "z" } });
    expect(old.items.map((t) => t.id)).toEqual(ids);
    await expect(ada.caller.threads.list({ cursor: { isPinned: false, lastActivityAt: "yesterday", id: "x" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("renames, pins, archives and deletes a thread (deleting its messages)", async () => {
    const ada = await signUp();
    const id = await threadWithReply(ada);
    expect((await ada.caller.threads.rename({ threadId: id, title: "  Trip plans  " })).title).toBe("Trip plans");
    expect((await ada.caller.threads.get({ threadId: id })).title).toBe("Trip plans");
    await expect(ada.caller.threads.rename({ threadId: id, title: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    expect((await ada.caller.threads.pin({ threadId: id, pinned: true })).isPinned).toBe(true);
    expect((await ada.caller.threads.archive({ threadId: id, archived: true })).isArchived).toBe(true);
    expect((await ada.caller.threads.list({})).items.map((t) => t.id)).not.toContain(id);
    expect((await ada.caller.threads.list({ archived: true })).items.map((t) => t.id)).toContain(id);

    await ada.caller.threads.delete({ threadId: id });
    await expect(ada.caller.threads.get({ threadId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ada.caller.messages.list({ threadId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps a user's rename over a late auto-title", async () => {
    const ada = await signUp();
    const id = await threadWithReply(ada, "name me automatically");
    await ada.caller.threads.rename({ threadId: id, title: "Mine" });
    const { setTitleIfEmpty } = await import("@/server/db/queries/threads");
    const { getDb } = await import("@/server/db/client");
    expect(await setTitleIfEmpty(getDb(), { userId: ada.user.id, threadId: id, title: "Auto" })).toBe(false);
    expect((await ada.caller.threads.get({ threadId: id })).title).toBe("Mine");
  });

  it("pages messages from the newest for long threads", async () => {
    const ada = await signUp();
    const threadId = randomUUID();
    for (let i = 0; i < 3; i++) {
      await readChunks(await postChat(ada.cookie, chatBody(`turn ${i}`, threadId)));
      await waitFor(async () => (await ada.caller.messages.list({ threadId })).items.length === 2 * (i + 1));
    }
    const newest = await ada.caller.messages.list({ threadId, limit: 4 });
    expect(newest.items.map((m) => messageText(m.parts).slice(0, 6))).toEqual(["turn 1", expect.any(String), "turn 2", expect.any(String)]);
    expect(newest.nextCursor).not.toBeNull();
    const older = await ada.caller.messages.list({ threadId, limit: 4, cursor: newest.nextCursor });
    expect(older.items.map((m) => messageText(m.parts).slice(0, 6))).toEqual(["turn 0", expect.any(String)]);
    expect(older.nextCursor).toBeNull();
  });

  it("lists the configured models with a default", async () => {
    const ada = await signUp();
    const { models, providers } = await ada.caller.models.list();
    expect(providers).toEqual([{ id: "openai-compatible", configuredBy: "OPENAI_COMPATIBLE_BASE_URL" }]);
    expect(models.map((m) => m.id)).toEqual(["openai-compatible:fake-model", "openai-compatible:fake-model-2"]);
    expect(models.filter((m) => m.isDefault).map((m) => m.id)).toEqual(["openai-compatible:fake-model"]);
  });
});

describe("access control", () => {
  it("answers UNAUTHORIZED to every procedure without a session", async () => {
    const anon = anonymousCaller();
    const threadId = randomUUID();
    const calls = [
      () => anon.threads.list({}),
      () => anon.threads.get({ threadId }),
      () => anon.threads.rename({ threadId, title: "x" }),
      () => anon.threads.pin({ threadId, pinned: true }),
      () => anon.threads.archive({ threadId, archived: true }),
      () => anon.threads.delete({ threadId }),
      () => anon.messages.list({ threadId }),
      () => anon.models.list(),
      () => anon.chat.stop({ threadId }),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers NOT_FOUND, exactly as for a missing thread, on every thread procedure for another user", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const adaThread = await threadWithReply(ada);
    const missing = randomUUID();
    for (const threadId of [adaThread, missing]) {
      const calls = [
        () => bob.caller.threads.get({ threadId }),
        () => bob.caller.threads.rename({ threadId, title: "pwned" }),
        () => bob.caller.threads.pin({ threadId, pinned: true }),
        () => bob.caller.threads.archive({ threadId, archived: true }),
        () => bob.caller.threads.delete({ threadId }),
        () => bob.caller.messages.list({ threadId }),
        () => bob.caller.chat.stop({ threadId }),
      ];
      for (const call of calls) await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND", message: "Not found." });
    }
    expect((await bob.caller.threads.list({})).items).toHaveLength(0);
    const untouched = await ada.caller.threads.get({ threadId: adaThread });
    expect(untouched.title).not.toBe("pwned");
    expect(untouched.isPinned).toBe(false);
    expect(untouched.isArchived).toBe(false);
  });
});
