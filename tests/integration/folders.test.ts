// Folders and the sidebar's bulk actions, on both databases.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chatBody, postChat, readChunks, signUp, type TestUser, waitFor } from "./helpers/context";

async function thread(u: TestUser, text: string): Promise<string> {
  const threadId = randomUUID();
  await readChunks(await postChat(u.cookie, chatBody(`${text} #tokens:2`, threadId)));
  await waitFor(async () => ((await u.caller.messages.list({ threadId })).items.every((m) => m.status !== "streaming") ? true : undefined));
  return threadId;
}

const ids = (page: { items: { id: string }[] }) => page.items.map((t) => t.id).sort();

describe("folders", () => {
  it("files threads in folders, lists the root and each folder apart, and a deleted folder leaves its threads at the root", async () => {
    const ada = await signUp("Ada");
    const [a, b, c] = [await thread(ada, "alpha"), await thread(ada, "beta"), await thread(ada, "gamma")];
    const work = await ada.caller.folders.create({ name: "  Work  " });
    expect(work).toMatchObject({ name: "Work", threadCount: 0 });
    expect(await ada.caller.threads.move({ threadIds: [a, b], folderId: work.id })).toEqual({ moved: 2 });
    expect(ids(await ada.caller.threads.list({ folderId: work.id }))).toEqual([a, b].sort());
    expect(ids(await ada.caller.threads.list({ folderId: null }))).toEqual([c]);
    expect(ids(await ada.caller.threads.list({}))).toEqual([a, b, c].sort());
    expect(await ada.caller.folders.list()).toEqual([{ id: work.id, name: "Work", threadCount: 2 }]);
    // Search within the folder.
    const found = await ada.caller.threads.search({ query: "alpha beta gamma", filters: { folderId: work.id } });
    expect(found.items.every((i) => [a, b].includes(i.threadId))).toBe(true);

    await ada.caller.folders.rename({ folderId: work.id, name: "Office" });
    expect((await ada.caller.folders.list())[0]!.name).toBe("Office");
    await ada.caller.threads.move({ threadIds: [b], folderId: null });
    expect(ids(await ada.caller.threads.list({ folderId: null }))).toEqual([b, c].sort());

    await ada.caller.folders.delete({ folderId: work.id });
    expect(await ada.caller.folders.list()).toEqual([]);
    expect(ids(await ada.caller.threads.list({ folderId: null }))).toEqual([a, b, c].sort());
    expect((await ada.caller.threads.get({ threadId: a })).folderId).toBeNull();
  });

  it("refuses someone else's folder, and never moves, archives or deletes someone else's threads", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const mine = await thread(ada, "mine");
    const theirs = await thread(bob, "theirs");
    const folder = await ada.caller.folders.create({ name: "Ada's" });
    await expect(bob.caller.threads.move({ threadIds: [theirs], folderId: folder.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.folders.rename({ folderId: folder.id, name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.folders.delete({ folderId: folder.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await ada.caller.threads.move({ threadIds: [mine, theirs], folderId: folder.id })).toEqual({ moved: 1 });
    expect(await ada.caller.threads.archiveMany({ threadIds: [theirs], archived: true })).toEqual({ changed: 0 });
    expect(await ada.caller.threads.deleteMany({ threadIds: [theirs] })).toEqual({ deleted: 0 });
    expect((await bob.caller.threads.get({ threadId: theirs })).isArchived).toBe(false);
    await expect(ada.caller.folders.create({ name: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("archives, restores and deletes a selection at once", async () => {
    const ada = await signUp("Ada");
    const [a, b, c] = [await thread(ada, "one"), await thread(ada, "two"), await thread(ada, "three")];
    expect(await ada.caller.threads.archiveMany({ threadIds: [a, b], archived: true })).toEqual({ changed: 2 });
    expect(ids(await ada.caller.threads.list({ archived: true }))).toEqual([a, b].sort());
    expect(ids(await ada.caller.threads.list({}))).toEqual([c]);
    expect(await ada.caller.threads.archiveMany({ threadIds: [a], archived: false })).toEqual({ changed: 1 });
    expect(await ada.caller.threads.deleteMany({ threadIds: [a, c] })).toEqual({ deleted: 2 });
    expect(ids(await ada.caller.threads.list({}))).toEqual([]);
    expect(ids(await ada.caller.threads.list({ archived: true }))).toEqual([b]);
  });
});
