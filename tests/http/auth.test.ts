// Better Auth behind the built server: bad input gets a 4xx, and no session lives in a cookie cache.
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

  it("keeps no session in a signed cookie cache, which the server could not take back", async () => {
    const ada = await t.client.signUp();
    expect(ada.cookie).toContain("better-auth.session_token=");
    expect(ada.cookie).not.toContain("better-auth.session_data=");
    const chat = await t.client.chat(ada, chatBody("hello #tokens:2"));
    expect(chat.status).toBe(200);
    await chat.text();
    expect(chat.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_data="))).toBe(false);
  });
});
