import { describe, expect, it } from "vitest";
import { VerifiedSessions } from "./verified-sessions";

const inAMonth = () => new Date(Date.now() + 30 * 24 * 3600_000);

function counter(result: () => { user: { id: string }; session: { expiresAt: Date } } | null) {
  const calls = { n: 0 };
  return { calls, verify: async () => (calls.n++, result()) };
}

describe("VerifiedSessions", () => {
  it("asks once per cookie header within the window", async () => {
    let clock = 1_000;
    const sessions = new VerifiedSessions<{ id: string }>({ ttlMs: 30_000, now: () => clock });
    const { calls, verify } = counter(() => ({ user: { id: "u1" }, session: { expiresAt: inAMonth() } }));
    expect((await sessions.session("a=1", verify))?.user).toEqual({ id: "u1" });
    expect((await sessions.session("a=1", verify))?.user).toEqual({ id: "u1" });
    expect(calls.n).toBe(1);
    // Other cookies are another question.
    await sessions.session("a=2", verify);
    expect(calls.n).toBe(2);
    // After the window, Better Auth is asked again.
    clock += 30_001;
    await sessions.session("a=1", verify);
    expect(calls.n).toBe(3);
  });

  it("keeps no answer for a request without a session", async () => {
    const sessions = new VerifiedSessions<{ id: string }>();
    let signedIn = false;
    const { calls, verify } = counter(() => (signedIn ? { user: { id: "u1" }, session: { expiresAt: inAMonth() } } : null));
    expect(await sessions.session("a=1", verify)).toBeNull();
    signedIn = true;
    expect((await sessions.session("a=1", verify))?.user).toEqual({ id: "u1" });
    expect(calls.n).toBe(2);
    // No cookie header at all: always asked, never kept.
    await sessions.session(null, verify);
    await sessions.session(null, verify);
    expect(calls.n).toBe(4);
  });

  it("passes on the cookies Better Auth refreshed, and sets none for an answer it kept", async () => {
    const sessions = new VerifiedSessions<{ id: string }>();
    const verify = async () => ({ user: { id: "u1" }, session: { expiresAt: inAMonth() }, setCookies: ["cache=new; Max-Age=60"] });
    expect(await sessions.session("a=1", verify)).toEqual({ user: { id: "u1" }, setCookies: ["cache=new; Max-Age=60"] });
    expect(await sessions.session("a=1", verify)).toEqual({ user: { id: "u1" }, setCookies: [] });
  });

  it("never trusts a session past its own end", async () => {
    const sessions = new VerifiedSessions<{ id: string }>({ ttlMs: 30_000 });
    const { calls, verify } = counter(() => ({ user: { id: "u1" }, session: { expiresAt: new Date(Date.now() - 1) } }));
    await sessions.session("a=1", verify);
    await sessions.session("a=1", verify);
    expect(calls.n).toBe(2);
  });
});

describe("VerifiedSessions eviction", () => {
  const answer = (id: string, token: string) => async () => ({ user: { id }, session: { expiresAt: inAMonth(), token } });

  it("forgets one session by its token, or every session of a user, and asks again next time", async () => {
    const sessions = new VerifiedSessions<{ id: string }>();
    let asked = 0;
    const ask = (id: string, token: string) => () => (asked++, answer(id, token)());
    await sessions.session("phone", ask("ada", "t1"));
    await sessions.session("laptop", ask("ada", "t2"));
    await sessions.session("laptop; theme=dark", ask("ada", "t2"));
    await sessions.session("bo", ask("bo", "t3"));
    expect(asked).toBe(4);
    expect(sessions.evict({ token: "t2" })).toBe(2);
    await sessions.session("phone", ask("ada", "t1"));
    await sessions.session("laptop", ask("ada", "t2"));
    expect(asked).toBe(5);
    expect(sessions.evict({ userId: "ada" })).toBe(2);
    await sessions.session("phone", ask("ada", "t1"));
    await sessions.session("bo", ask("bo", "t3"));
    expect(asked).toBe(6);
    expect(sessions.evict({ token: "nobody's" })).toBe(0);
  });

  it("does not keep an answer that was being fetched while the session was evicted", async () => {
    const sessions = new VerifiedSessions<{ id: string }>();
    let release!: () => void;
    const slow = () => new Promise<{ user: { id: string }; session: { expiresAt: Date; token: string } }>((r) => (release = () => r({ user: { id: "ada" }, session: { expiresAt: inAMonth(), token: "t1" } })));
    const pending = sessions.session("phone", slow);
    sessions.evict({ userId: "ada" });
    release();
    await pending;
    let asked = 0;
    await sessions.session("phone", async () => (asked++, { user: { id: "ada" }, session: { expiresAt: inAMonth(), token: "t1" } }));
    expect(asked).toBe(1);
  });
});
