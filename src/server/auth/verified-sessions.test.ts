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
