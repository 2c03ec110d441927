import { randomUUID } from "node:crypto";
import type { FakeLlm } from "../../support/fake-llm";
import { POST as chatPOST } from "@/app/api/chat/route";
import { getAuth, type SessionUser } from "@/server/auth/auth";
import { getDb } from "@/server/db/client";
import { createCaller } from "@/server/trpc/root";

export const BASE = "http://localhost:3000";

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

export type ChatBody = { threadId: string; modelId: string; message: { id: string; role: "user"; parts: { type: "text"; text: string }[] } };

export function chatBody(text: string, threadId: string = randomUUID(), modelId = "openai-compatible:fake-model"): ChatBody {
  return { threadId, modelId, message: { id: randomUUID(), role: "user", parts: [{ type: "text", text }] } };
}

export function postChat(cookie: string | null, body: unknown, init: { raw?: string } = {}): Promise<Response> {
  return chatPOST(
    new Request(`${BASE}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: init.raw ?? JSON.stringify(body),
    }),
  );
}

export type UiChunk = { type: string; [k: string]: unknown };

/** Reads a UI message stream (SSE) to its end, or until `stopAfter` chunks when given. */
export async function readChunks(res: Response, stopAfter?: number): Promise<UiChunk[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const chunks: UiChunk[] = [];
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let i: number;
    while ((i = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const data = event.replace(/^data: /, "");
      if (data === "[DONE]") continue;
      chunks.push(JSON.parse(data) as UiChunk);
      if (stopAfter !== undefined && chunks.length >= stopAfter) {
        await reader.cancel();
        return chunks;
      }
    }
  }
  return chunks;
}

export const textOf = (chunks: UiChunk[]) =>
  chunks.filter((c) => c.type === "text-delta").map((c) => c.delta as string).join("");

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, { timeoutMs = 10_000, intervalMs = 25 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
