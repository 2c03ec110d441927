import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { chatBody, fakeLlm, postChat, readChunks, signUp, type TestUser, waitFor } from "./helpers/context";
import { addToTeam, createTeam, removeFromTeam } from "./helpers/teams";
import { messageText } from "@/lib/chat/message";

const INSTRUCTIONS = "You are Captain Hook. Answer every question like a pirate.";

async function makeSidekiq(u: TestUser, over: Record<string, unknown> = {}) {
  const { id } = await u.caller.sidekiqs.create({ name: "Hook", instructions: INSTRUCTIONS, starters: ["Ahoy?"], ...over });
  return id;
}

/** Sends a message and waits for the reply to be saved; returns the request the fake LLM got. */
async function ask(u: TestUser, body: ReturnType<typeof chatBody> & { sidekiqId?: string }) {
  const before = fakeLlm().requests.length;
  const res = await postChat(u.cookie, body);
  expect(res.status).toBe(200);
  await readChunks(res);
  await waitFor(async () => {
    const page = await u.caller.messages.list({ threadId: body.threadId });
    return page.items.length > 0 && page.items.every((m) => m.status !== "streaming");
  });
  return fakeLlm().requests.slice(before).find((r) => r.stream)!;
}

const followUp = (threadId: string, text: string) => ({ ...chatBody(text), threadId });
const systemOf = (req: { messages: { role: string; content: unknown }[] }) => req.messages.filter((m) => m.role === "system").map((m) => m.content);

describe("Sidekiqs", () => {
  beforeEach(() => fakeLlm().reset());

  it("passes the current version's instructions as system instructions, never as stored messages", async () => {
    const ada = await signUp();
    const sidekiqId = await makeSidekiq(ada);
    const body = { ...chatBody("Where is the treasure?"), sidekiqId };
    const req = await ask(ada, body);
    expect(systemOf(req)).toEqual([INSTRUCTIONS]);
    expect(req.messages.filter((m) => m.role !== "system").map((m) => m.role)).toEqual(["user"]);

    const { items } = await ada.caller.messages.list({ threadId: body.threadId });
    expect(items.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(items.some((m) => messageText(m.parts).includes("Captain Hook"))).toBe(false);
    expect(items[1]).toMatchObject({ sidekiqId, sidekiqVersion: 1 });
    expect(await ada.caller.threads.sidekiq({ threadId: body.threadId })).toMatchObject({ id: sidekiqId, name: "Hook", available: true });
  });

  it("gives the next reply an edited Sidekiq's new instructions, and keeps the version on earlier replies", async () => {
    const ada = await signUp();
    const sidekiqId = await makeSidekiq(ada);
    const body = { ...chatBody("first"), sidekiqId };
    await ask(ada, body);

    // A rename is not a new version; an edit of the instructions is.
    expect(await ada.caller.sidekiqs.update({ sidekiqId, name: "Captain" })).toEqual({ id: sidekiqId, version: 1 });
    expect(await ada.caller.sidekiqs.update({ sidekiqId, instructions: "You are Peter Pan.", note: "fly instead" })).toEqual({ id: sidekiqId, version: 2 });

    const req = await ask(ada, followUp(body.threadId, "second"));
    expect(systemOf(req)).toEqual(["You are Peter Pan."]);
    // The history is the thread's own messages only.
    expect(req.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["first", "second"]);
    const { items } = await ada.caller.messages.list({ threadId: body.threadId });
    expect(items.filter((m) => m.role === "assistant").map((m) => m.sidekiqVersion)).toEqual([1, 2]);

    const versions = await ada.caller.sidekiqs.versions({ sidekiqId });
    expect(versions.currentVersion).toBe(2);
    expect(versions.items.map((v) => [v.version, v.note])).toEqual([[2, "fly instead"], [1, null]]);

    // Restoring makes a new version equal to the old one.
    expect(await ada.caller.sidekiqs.restoreVersion({ sidekiqId, version: 1 })).toEqual({ id: sidekiqId, version: 3 });
    const got = await ada.caller.sidekiqs.get({ sidekiqId });
    expect(got).toMatchObject({ currentVersion: 3, instructions: INSTRUCTIONS, name: "Captain", canEdit: true });
    const req3 = await ask(ada, followUp(body.threadId, "third"));
    expect(systemOf(req3)).toEqual([INSTRUCTIONS]);
  });

  it("refuses bad fields with a 400 that names the field, and saves nothing", async () => {
    const ada = await signUp();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "x".repeat(81) }, "name"],
      [{ name: "ok", instructions: "x".repeat(32_001) }, "instructions"],
      [{ name: "ok", starters: ["a", "b", "c", "d", "e"] }, "starters"],
      [{ name: "ok", visibility: "team", teamId: "no-such-team" }, "teamId"],
      [{ name: "ok", visibility: "team" }, "teamId"],
      [{ name: "ok", avatarEmoji: "abc" }, "avatarEmoji"],
    ];
    for (const [input, field] of cases) {
      const error = await ada.caller.sidekiqs.create(input as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, field).toMatchObject({ code: "BAD_REQUEST" });
      const text = JSON.stringify((error as { cause?: unknown }).cause ?? error) + String((error as Error).message);
      expect(text, field).toContain(field);
    }
    expect((await ada.caller.sidekiqs.list({ tab: "mine" })).items).toEqual([]);

    // A failed edit changes nothing: no half-written version.
    const sidekiqId = await makeSidekiq(ada);
    await expect(ada.caller.sidekiqs.update({ sidekiqId, instructions: "new", starters: ["1", "2", "3", "4", "5"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await ada.caller.sidekiqs.versions({ sidekiqId })).items).toHaveLength(1);
  });

  it("answers 404 for a Sidekiq the caller may not use, before any model call, and 400 for another thread's", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const secret = await makeSidekiq(ada);
    const body = { ...chatBody("let me in"), sidekiqId: secret };
    const res = await postChat(bob.cookie, body);
    expect(res.status).toBe(404);
    expect(fakeLlm().requests.filter((r) => r.stream)).toHaveLength(0);
    await expect(bob.caller.threads.get({ threadId: body.threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.sidekiqs.get({ sidekiqId: secret })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await postChat(bob.cookie, { ...chatBody("x"), sidekiqId: randomUUID() })).status).toBe(404);

    // An existing thread keeps its Sidekiq: another one is a 400.
    const other = await makeSidekiq(ada, { name: "Other" });
    const first = { ...chatBody("hello"), sidekiqId: secret };
    await ask(ada, first);
    const mismatch = await postChat(ada.cookie, { ...followUp(first.threadId, "switch"), sidekiqId: other });
    expect(mismatch.status).toBe(400);
    expect((await ada.caller.messages.list({ threadId: first.threadId })).items).toHaveLength(2);
  });

  it("never loads a Sidekiq's instructions into a thread without it", async () => {
    const ada = await signUp();
    await makeSidekiq(ada);
    const req = await ask(ada, chatBody("Tell me the instructions of Sidekiq Hook"));
    expect(systemOf(req)).toEqual([]);
    expect(JSON.stringify(req.messages)).not.toContain("Captain Hook");
  });

  it("keeps a deleted Sidekiq's threads readable; sending says it is gone until the user continues without it", async () => {
    const ada = await signUp();
    const sidekiqId = await makeSidekiq(ada);
    const body = { ...chatBody("hello"), sidekiqId };
    await ask(ada, body);
    await ada.caller.sidekiqs.delete({ sidekiqId });
    await expect(ada.caller.sidekiqs.get({ sidekiqId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await ada.caller.messages.list({ threadId: body.threadId })).items).toHaveLength(2);
    expect(await ada.caller.threads.sidekiq({ threadId: body.threadId })).toMatchObject({ id: sidekiqId, available: false });

    const refused = await postChat(ada.cookie, followUp(body.threadId, "still there?"));
    expect(refused.status).toBe(410);
    expect(await refused.json()).toMatchObject({ error: { code: "SIDEKIQ_UNAVAILABLE" } });
    expect((await ada.caller.messages.list({ threadId: body.threadId })).items).toHaveLength(2);
    expect((await ada.caller.threads.get({ threadId: body.threadId })).messageCount).toBe(2);

    await ada.caller.threads.detachSidekiq({ threadId: body.threadId });
    const req = await ask(ada, followUp(body.threadId, "go on"));
    expect(systemOf(req)).toEqual([]);
    expect(await ada.caller.threads.sidekiq({ threadId: body.threadId })).toBeNull();
  });

  it("remixes into a private copy; a public Sidekiq's hidden instructions are not copied", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const sidekiqId = await makeSidekiq(ada, { visibility: "public", description: "Arr" });
    const seen = await bob.caller.sidekiqs.get({ sidekiqId });
    expect(seen).toMatchObject({ name: "Hook", description: "Arr", starters: ["Ahoy?"], authorName: "Ada", instructions: null, canEdit: false });

    const remix = await bob.caller.sidekiqs.duplicate({ sidekiqId });
    expect(remix.instructionsCopied).toBe(false);
    const copy = await bob.caller.sidekiqs.get({ sidekiqId: remix.id });
    expect(copy).toMatchObject({ name: "Hook (remix)", visibility: "private", instructions: "", canEdit: true, remixedFrom: { id: sidekiqId, name: "Hook" } });

    const own = await ada.caller.sidekiqs.duplicate({ sidekiqId });
    expect((await ada.caller.sidekiqs.get({ sidekiqId: own.id })).instructions).toBe(INSTRUCTIONS);
    await expect(bob.caller.sidekiqs.update({ sidekiqId, name: "Mine now" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(bob.caller.sidekiqs.delete({ sidekiqId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets team members use a team Sidekiq and admins edit it; a downgrade or a removal cuts access on the next request", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const cy = await signUp("Cy");
    const team = await createTeam(ada, "Crew");
    await addToTeam(team, bob, "member");
    await addToTeam(team, cy, "admin");
    const sidekiqId = await makeSidekiq(ada, { visibility: "team", teamId: team });

    // A member uses it and reads its instructions, but cannot edit; an admin can.
    expect(await bob.caller.sidekiqs.get({ sidekiqId })).toMatchObject({ instructions: INSTRUCTIONS, canEdit: false, teamName: "Crew" });
    await expect(bob.caller.sidekiqs.update({ sidekiqId, name: "Bob's" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await cy.caller.sidekiqs.update({ sidekiqId, instructions: "Crew rules." })).toEqual({ id: sidekiqId, version: 2 });
    expect((await bob.caller.sidekiqs.list({ tab: "team" })).items.map((s) => s.id)).toEqual([sidekiqId]);

    const bobs = { ...chatBody("aye"), sidekiqId };
    expect(systemOf(await ask(bob, bobs))).toEqual(["Crew rules."]);
    const cys = { ...chatBody("aye aye"), sidekiqId };
    await ask(cy, cys);

    // Made private: the member is refused at once, in the thread they already have too.
    await ada.caller.sidekiqs.update({ sidekiqId, visibility: "private" });
    await expect(bob.caller.sidekiqs.get({ sidekiqId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await postChat(bob.cookie, followUp(bobs.threadId, "again"))).status).toBe(410);
    expect((await bob.caller.messages.list({ threadId: bobs.threadId })).items).toHaveLength(2);

    // Shared again, then the admin is removed from the team: refused too.
    await ada.caller.sidekiqs.update({ sidekiqId, visibility: "team", teamId: team });
    await ask(cy, followUp(cys.threadId, "still crew"));
    await removeFromTeam(team, cy);
    expect((await postChat(cy.cookie, followUp(cys.threadId, "and now?"))).status).toBe(410);
    await expect(cy.caller.sidekiqs.update({ sidekiqId, name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("counts the people using a Sidekiq and shows its usage to its editors only", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const sidekiqId = await makeSidekiq(ada, { visibility: "public" });
    await ask(ada, { ...chatBody("one"), sidekiqId });
    await ask(ada, { ...chatBody("two"), sidekiqId });
    await ask(bob, { ...chatBody("three"), sidekiqId });

    const usage = await ada.caller.sidekiqs.usage({ sidekiqId });
    expect(usage.totals).toMatchObject({ threads: 3, replies: 3 });
    expect(usage.totals.outputTokens).toBeGreaterThan(0);
    expect(usage.daily).toHaveLength(30);
    expect(usage.daily.at(-1)).toMatchObject({ threads: 3, replies: 3 });
    expect(usage.byVersion).toEqual([expect.objectContaining({ version: 1, replies: 3 })]);
    await expect(bob.caller.sidekiqs.usage({ sidekiqId })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const popular = await bob.caller.sidekiqs.list({ tab: "public", sort: "popular", query: "hook" });
    expect(popular.items.find((s) => s.id === sidekiqId)).toMatchObject({ userCount: 2, authorName: "Ada" });
  });

  it("offers in the @ picker the user's own and used Sidekiqs at once, and public ones as they type", async () => {
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const own = await makeSidekiq(bob, { name: "Bob's own" });
    const used = await makeSidekiq(ada, { name: "Used parrot", visibility: "public" });
    const unrelated = await makeSidekiq(ada, { name: "Unrelated parrot", visibility: "public" });
    await ask(bob, { ...chatBody("hi"), sidekiqId: used });
    const atOnce = (await bob.caller.sidekiqs.pickable({ query: "" })).map((s) => s.id);
    expect(atOnce).toEqual(expect.arrayContaining([own, used]));
    expect(atOnce).not.toContain(unrelated);
    expect((await bob.caller.sidekiqs.pickable({ query: "parrot" })).map((s) => s.id).sort()).toEqual([used, unrelated].sort());
  });

  it("pages the gallery by keyset and searches by name and description", async () => {
    const ada = await signUp();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await makeSidekiq(ada, { name: `Helper ${i}`, description: i === 3 ? "knows 100% of SQL_stuff" : "" }));
    const seen: string[] = [];
    let cursor: { key: number; id: string } | null | undefined;
    do {
      const page = await ada.caller.sidekiqs.list({ tab: "mine", limit: 2, cursor });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect((await ada.caller.sidekiqs.list({ tab: "mine", query: "helper 2" })).items.map((s) => s.id)).toEqual([ids[2]]);
    // LIKE's wildcards are searched for as themselves.
    expect((await ada.caller.sidekiqs.list({ tab: "mine", query: "100% of SQL_" })).items.map((s) => s.id)).toEqual([ids[3]]);
    expect((await ada.caller.sidekiqs.list({ tab: "mine", query: "%" })).items.map((s) => s.id)).toEqual([ids[3]]);
    // Any case, and a rename is found by its new name at once (search_text is kept by the database).
    await ada.caller.sidekiqs.update({ sidekiqId: ids[4]!, name: "Ünïcode Ölçer", description: "Reads CSV" });
    expect((await ada.caller.sidekiqs.list({ tab: "mine", query: "ÜNÏCODE öl" })).items.map((s) => s.id)).toEqual([ids[4]]);
    expect((await ada.caller.sidekiqs.list({ tab: "mine", query: "csv" })).items.map((s) => s.id)).toEqual([ids[4]]);
    expect((await ada.caller.sidekiqs.list({ tab: "mine", query: "helper 4" })).items).toEqual([]);
  });
});


describe("Sidekiq avatars", () => {
  const avatarRoute = async () => import("@/app/api/sidekiqs/[sidekiqId]/avatar/route");
  const call = async (method: "GET" | "PUT" | "DELETE", u: TestUser | null, sidekiqId: string, body?: Uint8Array) => {
    const route = await avatarRoute();
    const req = new Request(`http://localhost:3000/api/sidekiqs/${sidekiqId}/avatar`, { method, headers: u ? { cookie: u.cookie, origin: "http://localhost:3000" } : { origin: "http://localhost:3000" }, body: body ? Buffer.from(body) : undefined });
    return route[method](req, { params: Promise.resolve({ sidekiqId }) });
  };

  it("re-encodes an upload as a 256 px WebP and serves it with nosniff, to those who may use the Sidekiq", async () => {
    const sharp = (await import("sharp")).default;
    const ada = await signUp("Ada");
    const bob = await signUp("Bob");
    const sidekiqId = await makeSidekiq(ada);
    const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: "#36c" } }).png().toBuffer();
    const put = await call("PUT", ada, sidekiqId, png);
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ version: 1 });
    expect((await ada.caller.sidekiqs.get({ sidekiqId })).avatarImageVersion).toBe(1);

    const got = await call("GET", ada, sidekiqId);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/webp");
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    const meta = await sharp(Buffer.from(await got.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 256, 256]);

    // Someone who may not see it: 404, as if there were none; once public, they see it but may not change it.
    expect((await call("GET", bob, sidekiqId)).status).toBe(404);
    expect((await call("PUT", bob, sidekiqId, png)).status).toBe(404);
    expect((await call("GET", null, sidekiqId)).status).toBe(401);
    await ada.caller.sidekiqs.update({ sidekiqId, visibility: "public" });
    expect((await call("GET", bob, sidekiqId)).status).toBe(200);
    expect((await call("PUT", bob, sidekiqId, png)).status).toBe(403);
    expect((await call("DELETE", bob, sidekiqId)).status).toBe(403);

    expect((await call("DELETE", ada, sidekiqId)).status).toBe(204);
    expect((await call("GET", ada, sidekiqId)).status).toBe(404);
    expect((await ada.caller.sidekiqs.get({ sidekiqId })).avatarImageVersion).toBeNull();
  });

  it("refuses SVG, GIF, a lying file and a broken image with a 400, and anything over 1 MB with a 413, each naming the field, saving nothing", async () => {
    const sharp = (await import("sharp")).default;
    const ada = await signUp();
    const sidekiqId = await makeSidekiq(ada);
    const big = await sharp({ create: { width: 2000, height: 2000, channels: 3, background: "#000", noise: { type: "gaussian", mean: 128, sigma: 60 } } }).png({ compressionLevel: 0 }).toBuffer();
    expect(big.byteLength).toBeGreaterThan(1_000_000);
    const cases: [string, Uint8Array][] = [
      ["svg", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
      ["gif", Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;")],
      ["html claiming to be png", Buffer.from("<html><body>not an image</body></html>")],
      ["a png header with nothing after it", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])],
      ["over 1 MB", big],
      ["empty", new Uint8Array()],
    ];
    for (const [label, bytes] of cases) {
      const res = await call("PUT", ada, sidekiqId, bytes);
      expect(res.status, label).toBe(label === "over 1 MB" ? 413 : 400);
      const body = (await res.json()) as { error: { details: { issues: { path: string[] }[] } } };
      expect(body.error.details.issues[0]!.path, label).toEqual(["avatar"]);
    }
    expect((await ada.caller.sidekiqs.get({ sidekiqId })).avatarImageVersion).toBeNull();
    expect((await call("GET", ada, sidekiqId)).status).toBe(404);
  });
});
