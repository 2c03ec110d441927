// Share links: a snapshot of the branch shown, read by anyone with the token, revocable, and
// continued as a copy in a signed-in visitor's own library.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { readShare } from "@/server/db/queries/shares";
import { anonymousCaller, chatBody, postChat, readChunks, signUp, type TestUser, waitFor, textsOf } from "./helpers/context";
import { messageText } from "@/lib/chat/message";

async function send(u: TestUser, threadId: string, text: string) {
  await readChunks(await postChat(u.cookie, chatBody(text, threadId)));
  return waitFor(async () => {
    const { items } = await u.caller.messages.list({ threadId });
    return items.every((m) => m.status !== "streaming") ? items : undefined;
  });
}

describe("shares", () => {
  it("a link shows the branch as it was shared, without the sharer, and later messages are not in it", async () => {
    const ada = await signUp("Ada");
    const threadId = randomUUID();
    await send(ada, threadId, "First question #tokens:3");
    const path = await send(ada, threadId, "Second question #tokens:3");
    await ada.caller.threads.rename({ threadId, title: "Shared chat" });
    const share = await ada.caller.shares.create({ threadId });
    expect(share.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(share.messageCount).toBe(4);
    await send(ada, threadId, "After sharing #tokens:2");

    const seen = await readShare(getDb(), share.token);
    expect(seen?.title).toBe("Shared chat");
    expect(seen?.messages.map((m) => m.text)).toEqual(textsOf(path));
    expect(JSON.stringify(seen)).not.toContain(ada.user.email);
    expect(await ada.caller.shares.list({ threadId })).toEqual([share]);
  });

  it("revoked or unknown tokens show nothing; only the sharer revokes, and only their threads are shared", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const threadId = randomUUID();
    await send(ada, threadId, "Hello #tokens:2");
    const { token } = await ada.caller.shares.create({ threadId });
    await expect(bob.caller.shares.create({ threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.shares.list({ threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.shares.revoke({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await readShare(getDb(), token)).toBeDefined();
    await ada.caller.shares.revoke({ token });
    expect(await readShare(getDb(), token)).toBeUndefined();
    expect(await readShare(getDb(), "x".repeat(43))).toBeUndefined();
    expect(await ada.caller.shares.list({ threadId })).toEqual([]);
    await expect(bob.caller.shares.continue({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(anonymousCaller().shares.create({ threadId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("continue this conversation: a copy in the visitor's library that goes on from its last message; twice opens the same copy", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const threadId = randomUUID();
    const path = await send(ada, threadId, "Plan a picnic #tokens:3");
    const { token } = await ada.caller.shares.create({ threadId });
    const { threadId: copy } = await bob.caller.shares.continue({ token });
    expect(copy).not.toBe(threadId);
    expect((await bob.caller.shares.continue({ token })).threadId).toBe(copy);
    const copied = (await bob.caller.messages.list({ threadId: copy })).items;
    expect(copied.map((m) => [m.role, messageText(m.parts)])).toEqual(path.map((m) => [m.role, messageText(m.parts)]));
    const next = await send(bob, copy, "And the drinks? #tokens:2");
    expect(next).toHaveLength(4);
    // Ada's thread is untouched.
    expect((await ada.caller.threads.get({ threadId })).messageCount).toBe(2);
  });
});
