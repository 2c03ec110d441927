// The access matrix: every Sidekiq and team procedure, and POST /api/chat with a sidekiqId, for
// every kind of caller and every visibility, each cell with its exact outcome. A procedure added
// under `sidekiqs` or `teams` without a row here fails the last test.
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/trpc/root";
import { anonymousCaller, chatBody, postChat, readChunks, signUp, type TestUser } from "./helpers/context";
import { addToTeam, createTeam, removeFromTeam } from "./helpers/teams";

const VISIBILITIES = ["private", "team", "public"] as const;
type Visibility = (typeof VISIBILITIES)[number];
const ACTORS = ["author", "teamOwner", "teamAdmin", "teamMember", "otherTeamMember", "removedMember", "stranger", "signedOut"] as const;
type Actor = (typeof ACTORS)[number];

/**
 * The rules, written out: what each caller may do with a Sidekiq of each visibility.
 * u = use it (chat, see its page), r = read its instructions, e = edit it (and see its usage).
 * The author is a plain member of the team.
 */
const RIGHTS: Record<Exclude<Actor, "signedOut">, Record<Visibility, string>> = {
  author: { private: "ure", team: "ure", public: "ure" },
  teamOwner: { private: "", team: "ure", public: "u" },
  teamAdmin: { private: "", team: "ure", public: "u" },
  teamMember: { private: "", team: "ur", public: "u" },
  otherTeamMember: { private: "", team: "", public: "u" },
  removedMember: { private: "", team: "", public: "u" },
  stranger: { private: "", team: "", public: "u" },
};

type Outcome = "OK" | "FORBIDDEN" | "NOT_FOUND" | "UNAUTHORIZED" | "BAD_REQUEST";

/** Edit-level procedures: editors succeed, users are refused, and the rest may not know it exists. */
const byEdit = (r: string): Outcome => (r.includes("e") ? "OK" : r.includes("u") ? "FORBIDDEN" : "NOT_FOUND");
const byUse = (r: string): Outcome => (r.includes("u") ? "OK" : "NOT_FOUND");
const byRead = (r: string): Outcome => (r.includes("r") || r.includes("e") ? "OK" : r.includes("u") ? "FORBIDDEN" : "NOT_FOUND");

let users: Record<Exclude<Actor, "signedOut">, TestUser>;
let team: string;
let otherTeam: string;

const callerOf = (a: Actor) => (a === "signedOut" ? anonymousCaller() : users[a].caller);

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return "OK";
  } catch (e) {
    return (e as { code: Outcome }).code;
  }
}

async function sidekiqWith(visibility: Visibility, tag = "") {
  const { id } = await users.author.caller.sidekiqs.create({
    name: `Matrix ${visibility}${tag}`,
    instructions: "secret instructions",
    visibility,
    teamId: visibility === "team" ? team : null,
  });
  return id;
}

beforeAll(async () => {
  const entries = await Promise.all(ACTORS.filter((a) => a !== "signedOut").map(async (a) => [a, await signUp(a)] as const));
  users = Object.fromEntries(entries) as typeof users;
  team = await createTeam(users.teamOwner, "Matrix");
  await addToTeam(team, users.teamAdmin, "admin");
  await addToTeam(team, users.teamMember, "member");
  await addToTeam(team, users.author, "member");
  await addToTeam(team, users.removedMember, "member");
  await removeFromTeam(team, users.removedMember);
  otherTeam = await createTeam(users.otherTeamMember, "Elsewhere");
});

/** Each procedure's cells: the call, and the outcome the rules give for an actor and a visibility. */
const PER_SIDEKIQ: Record<string, { run: (a: Actor, id: string) => Promise<unknown>; expected: (r: string) => Outcome; fresh?: boolean }> = {
  "sidekiqs.get": { run: (a, id) => callerOf(a).sidekiqs.get({ sidekiqId: id }), expected: byUse },
  "sidekiqs.update": { run: (a, id) => callerOf(a).sidekiqs.update({ sidekiqId: id, instructions: `edited by ${a}` }), expected: byEdit, fresh: true },
  "sidekiqs.delete": { run: (a, id) => callerOf(a).sidekiqs.delete({ sidekiqId: id }), expected: byEdit, fresh: true },
  "sidekiqs.duplicate": { run: (a, id) => callerOf(a).sidekiqs.duplicate({ sidekiqId: id }), expected: byUse },
  "sidekiqs.versions": { run: (a, id) => callerOf(a).sidekiqs.versions({ sidekiqId: id }), expected: byRead },
  "sidekiqs.restoreVersion": { run: (a, id) => callerOf(a).sidekiqs.restoreVersion({ sidekiqId: id, version: 1 }), expected: byEdit, fresh: true },
  "sidekiqs.usage": { run: (a, id) => callerOf(a).sidekiqs.usage({ sidekiqId: id }), expected: byEdit },
};

describe("Sidekiq access matrix", () => {
  for (const [name, cell] of Object.entries(PER_SIDEKIQ)) {
    it(`${name}: every caller, every visibility`, async () => {
      const shared = Object.fromEntries(await Promise.all(VISIBILITIES.map(async (v) => [v, await sidekiqWith(v)] as const)));
      const got: string[] = [];
      const want: string[] = [];
      for (const v of VISIBILITIES) {
        for (const a of ACTORS) {
          const id = cell.fresh ? await sidekiqWith(v) : shared[v]!;
          got.push(`${a}/${v}: ${await outcome(() => cell.run(a, id))}`);
          want.push(`${a}/${v}: ${a === "signedOut" ? "UNAUTHORIZED" : cell.expected(RIGHTS[a][v])}`);
        }
      }
      expect(got).toEqual(want);
    });
  }

  it("sidekiqs.get shows the instructions only to those who may read them", async () => {
    for (const v of VISIBILITIES) {
      const id = await sidekiqWith(v);
      for (const a of ACTORS) {
        if (a === "signedOut" || !RIGHTS[a][v].includes("u")) continue;
        const got = await users[a].caller.sidekiqs.get({ sidekiqId: id });
        const readable = RIGHTS[a][v].includes("r") || RIGHTS[a][v].includes("e");
        expect(`${a}/${v}: ${got.instructions}`).toBe(`${a}/${v}: ${readable ? "secret instructions" : null}`);
        expect(`${a}/${v}: ${got.canEdit}`).toBe(`${a}/${v}: ${RIGHTS[a][v].includes("e")}`);
      }
    }
  });

  it("sidekiqs.list and sidekiqs.pickable list a Sidekiq exactly where the caller may see it", async () => {
    const tag = ` listed ${Math.random().toString(36).slice(2, 8)}`;
    const ids = Object.fromEntries(await Promise.all(VISIBILITIES.map(async (v) => [v, await sidekiqWith(v, tag)] as const)));
    const inTeam = (a: Actor) => ["author", "teamOwner", "teamAdmin", "teamMember"].includes(a);
    for (const a of ACTORS) {
      if (a === "signedOut") {
        expect(await outcome(() => anonymousCaller().sidekiqs.list({}))).toBe("UNAUTHORIZED");
        expect(await outcome(() => anonymousCaller().sidekiqs.pickable({}))).toBe("UNAUTHORIZED");
        continue;
      }
      const c = users[a].caller;
      const [mine, teams, pub] = await Promise.all([
        c.sidekiqs.list({ tab: "mine", query: tag.trim(), limit: 100 }),
        c.sidekiqs.list({ tab: "team", query: tag.trim(), limit: 100 }),
        c.sidekiqs.list({ tab: "public", query: tag.trim(), limit: 100 }),
      ]);
      for (const v of VISIBILITIES) {
        const id = ids[v]!;
        const cellName = `${a}/${v}`;
        expect(`${cellName} mine: ${mine.items.some((s) => s.id === id)}`).toBe(`${cellName} mine: ${a === "author"}`);
        expect(`${cellName} team: ${teams.items.some((s) => s.id === id)}`).toBe(`${cellName} team: ${v === "team" && inTeam(a)}`);
        expect(`${cellName} public: ${pub.items.some((s) => s.id === id)}`).toBe(`${cellName} public: ${v === "public"}`);
      }
      // The picker holds at most 8: ask for each one by its whole name.
      for (const v of VISIBILITIES) {
        const found = (await c.sidekiqs.pickable({ query: `Matrix ${v}${tag}` })).some((s) => s.id === ids[v]);
        expect(`${a}/${v} pickable: ${found}`).toBe(`${a}/${v} pickable: ${RIGHTS[a][v].includes("u")}`);
      }
    }
  });

  it("sidekiqs.create with a team: only that team's members may share with it", async () => {
    for (const a of ACTORS) {
      const got = await outcome(() => callerOf(a).sidekiqs.create({ name: "Shared", visibility: "team", teamId: team }));
      const want: Outcome = a === "signedOut" ? "UNAUTHORIZED" : ["author", "teamOwner", "teamAdmin", "teamMember"].includes(a) ? "OK" : "BAD_REQUEST";
      expect(`${a}: ${got}`).toBe(`${a}: ${want}`);
    }
    expect(await outcome(() => users.otherTeamMember.caller.sidekiqs.create({ name: "Mine", visibility: "team", teamId: otherTeam }))).toBe("OK");
  });

  it("teams.list and teams.get: a team answers 404 to anyone not in it", async () => {
    for (const a of ACTORS) {
      const list = await outcome(() => callerOf(a).teams.list());
      expect(`${a}: ${list}`).toBe(`${a}: ${a === "signedOut" ? "UNAUTHORIZED" : "OK"}`);
      const get = await outcome(() => callerOf(a).teams.get({ teamId: team }));
      const want: Outcome = a === "signedOut" ? "UNAUTHORIZED" : ["author", "teamOwner", "teamAdmin", "teamMember"].includes(a) ? "OK" : "NOT_FOUND";
      expect(`${a}: ${get}`).toBe(`${a}: ${want}`);
    }
    // Invitations are for the team's managers only.
    expect((await users.teamMember.caller.teams.get({ teamId: team })).canManage).toBe(false);
    expect((await users.teamAdmin.caller.teams.get({ teamId: team })).canManage).toBe(true);
  });

  it("POST /api/chat with a sidekiqId: 200 where the caller may use it, 404 elsewhere, 401 signed out", async () => {
    const ids = Object.fromEntries(await Promise.all(VISIBILITIES.map(async (v) => [v, await sidekiqWith(v)] as const)));
    const got: string[] = [];
    const want: string[] = [];
    for (const v of VISIBILITIES) {
      for (const a of ACTORS) {
        const res = await postChat(a === "signedOut" ? null : users[a].cookie, { ...chatBody(`matrix ${a} ${v}`), sidekiqId: ids[v] });
        if (res.status === 200) await readChunks(res);
        got.push(`${a}/${v}: ${res.status}`);
        want.push(`${a}/${v}: ${a === "signedOut" ? 401 : RIGHTS[a][v].includes("u") ? 200 : 404}`);
      }
    }
    expect(got).toEqual(want);
  });

  it("has a row for every procedure under sidekiqs and teams", () => {
    const covered = new Set([...Object.keys(PER_SIDEKIQ), "sidekiqs.list", "sidekiqs.pickable", "sidekiqs.create", "teams.list", "teams.get"]);
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("sidekiqs.") || p.startsWith("teams."));
    expect(procedures.length).toBeGreaterThan(10);
    expect(procedures.filter((p) => !covered.has(p))).toEqual([]);
  });
});
