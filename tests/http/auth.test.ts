// Better Auth behind the built server: bad input gets a 4xx, and the session cache cookie is
// kept fresh by the responses a user who only chats gets.
import { describe, expect, it } from "vitest";
import { chatBody } from "../support/http-client";
import { useApp } from "./helpers/app";

const t = useApp();

const post = (path: string, body: unknown, cookie?: string) =>
  fetch(`${t.app.url}/api/auth/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: t.app.url, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

const withoutCacheCookie = (cookie: string) =>
  cookie
    .split("; ")
    .filter((c) => !c.startsWith("better-auth.session_data="))
    .join("; ");

describe("Better Auth (built server)", () => {
  it("answers 400, never 500, for NUL characters or broken Unicode in any field, and saves nothing", async () => {
    const cases: [string, unknown][] = [
      ["reset-password", { token: "\u0000", newPassword: "a new password 123" }],
      ["reset-password", { token: "\ud800", newPassword: "a new password 123" }],
      ["sign-up/email", { email: "nul@example.com", password: "correct horse battery", name: "Ada\u0000" }],
      ["sign-in/email", { email: "x\u0000@example.com", password: "whatever 123" }],
      ["request-password-reset", { email: "ada@example.com", redirectTo: "/\ud800" }],
    ];
    for (const [path, body] of cases) {
      const res = await post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect((await res.json()) as { message: string }).toMatchObject({ message: expect.stringMatching(/NUL characters or broken Unicode/) });
    }
    const signIn = await post("sign-in/email", { email: "nul@example.com", password: "correct horse battery" });
    expect(signIn.status).toBe(401);
  });

  it("refreshes the session cache cookie on chat, resume and tRPC responses once it has expired", async () => {
    const ada = await t.client.signUp();
    expect(ada.cookie).toContain("better-auth.session_data=");
    // The browser drops the cache cookie when its 60 s are up.
    const expired = withoutCacheCookie(ada.cookie);
    const body = chatBody("hello #tokens:2");
    const chat = await fetch(`${t.app.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: expired },
      body: JSON.stringify(body),
    });
    expect(chat.status).toBe(200);
    expect(chat.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_data="))).toBe(true);
    await chat.text();

    const again = withoutCacheCookie(ada.cookie) + "; unrelated=1";
    const resume = await fetch(`${t.app.url}/api/chat/${body.threadId}/stream`, { headers: { cookie: again } });
    expect(resume.status).toBe(204);
    expect(resume.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_data="))).toBe(true);
    const trpcCookie = withoutCacheCookie(ada.cookie) + "; unrelated=2";
    const list = await fetch(`${t.app.url}/api/trpc/threads.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { headers: { cookie: trpcCookie } });
    expect(list.status).toBe(200);
    expect(list.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_data="))).toBe(true);
  });
});
