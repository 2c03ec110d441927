import { randomUUID } from "node:crypto";
import type { FakeLlm } from "../../support/fake-llm";
import { POST as chatPOST } from "@/app/api/chat/route";
import { getAuth, type SessionUser } from "@/server/auth/auth";
import { getDb } from "@/server/db/client";
import { messageText } from "@/lib/chat/message";
import { createCaller } from "@/server/trpc/root";

export const BASE = "http://localhost:3000";

/** The text of each message of a page (a page has the parts; the text column stays in the database). */
export const textsOf = (items: readonly { parts: Parameters<typeof messageText>[0] }[]) => items.map((m) => messageText(m.parts));

export function fakeLlm(): FakeLlm {
  return (globalThis as { __fakeLlm?: FakeLlm }).__fakeLlm!;
}

export type TestUser = { user: SessionUser; cookie: string; caller: ReturnType<typeof createCaller> };

/** Signs up through Better Auth's real HTTP handler and keeps the session cookie. */
export async function signUp(name = "Ada"): Promise<TestUser> {
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
  const res = await getAuth().handler(
    new Request(`${BASE}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE },
      body: JSON.stringify({ email, password: "correct horse battery", name }),
    }),
  );
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const session = await getAuth().api.getSession({ headers: new Headers({ cookie }) });
  if (!session) throw new Error("no session after sign-up");
  return { user: session.user, cookie, caller: createCaller({ db: getDb(), user: session.user }) };
}

export const anonymousCaller = () => createCaller({ db: getDb(), user: null });

export { chatBody } from "../../support/http-client";

export function postChat(cookie: string | null, body: unknown, init: { raw?: string } = {}): Promise<Response> {
  return chatPOST(
    new Request(`${BASE}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE, ...(cookie ? { cookie } : {}) },
      body: init.raw ?? JSON.stringify(body),
    }),
  );
}

export { readChunks, textOf, type UiChunk, waitFor } from "../../support/ui-stream";
