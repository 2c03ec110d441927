/**
 * A client of the running app over real HTTP, as a browser would be: sign-up through Better
 * Auth, the chat route, tRPC with superjson. Cookies are kept per user, and refreshed from every
 * response the way a browser keeps them.
 */
import { randomUUID } from "node:crypto";
import superjson from "superjson";

export type HttpUser = { email: string; password: string; userId: string; cookie: string };

/** Applies a response's Set-Cookie headers to a cookie header, as a browser would (Max-Age=0 deletes). */
export function mergeCookies(cookie: string, res: Response): string {
  const jar = new Map(
    cookie
      .split("; ")
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf("=")), c] as const),
  );
  for (const set of res.headers.getSetCookie()) {
    const pair = set.split(";")[0]!;
    const name = pair.slice(0, pair.indexOf("="));
    if (/;\s*max-age=0/i.test(set) || pair.endsWith("=")) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join("; ");
}

export class AppClient {
  readonly base: string;
  /** Headers every request gets (a proxy's X-Forwarded-For, say). */
  private readonly extra: () => Record<string, string>;
  constructor(base: string, { headers }: { headers?: () => Record<string, string> } = {}) {
    this.base = base;
    this.extra = headers ?? (() => ({}));
  }

  async signUp(name = "Ada"): Promise<HttpUser> {
    const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
    const password = "correct horse battery";
    const res = await fetch(`${this.base}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.base, ...this.extra() },
      body: JSON.stringify({ email, password, name }),
    });
    if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    const { user } = (await res.json()) as { user: { id: string } };
    return { email, password, userId: user.id, cookie: mergeCookies("", res) };
  }

  /** POST /api/chat with a JSON body (or `raw` text), keeping the user's cookies up to date. */
  async chat(user: HttpUser | null, body: unknown, init: { raw?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(`${this.base}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.base, ...this.extra(), ...(user ? { cookie: user.cookie } : {}), ...init.headers },
      body: init.raw ?? JSON.stringify(body),
    });
    if (user) user.cookie = mergeCookies(user.cookie, res);
    return res;
  }

  /** GET /api/chat/{threadId}/stream: the resume endpoint. */
  async resume(user: HttpUser | null, threadId: string, signal?: AbortSignal): Promise<Response> {
    return fetch(`${this.base}/api/chat/${encodeURIComponent(threadId)}/stream`, { headers: { ...this.extra(), ...(user ? { cookie: user.cookie } : {}) }, signal });
  }

  /** POST /api/auth/{path}: one of Better Auth's endpoints (organization, invitations), as the browser's auth client calls it. */
  async auth<T = unknown>(user: HttpUser | null, path: string, body: unknown): Promise<{ status: number; data: T }> {
    const res = await fetch(`${this.base}/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.base, ...this.extra(), ...(user ? { cookie: user.cookie } : {}) },
      body: JSON.stringify(body),
    });
    if (user) user.cookie = mergeCookies(user.cookie, res);
    return { status: res.status, data: (await res.json()) as T };
  }

  async query<T = unknown>(user: HttpUser | null, path: string, input: unknown): Promise<TrpcResult<T>> {
    const url = `${this.base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
    return this.trpcResult<T>(user, await fetch(url, { headers: { ...this.extra(), ...(user ? { cookie: user.cookie } : {}) } }));
  }

  async mutate<T = unknown>(user: HttpUser | null, path: string, input: unknown): Promise<TrpcResult<T>> {
    const res = await fetch(`${this.base}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.base, ...this.extra(), ...(user ? { cookie: user.cookie } : {}) },
      body: JSON.stringify(superjson.serialize(input)),
    });
    return this.trpcResult<T>(user, res);
  }

  private async trpcResult<T>(user: HttpUser | null, res: Response): Promise<TrpcResult<T>> {
    if (user) user.cookie = mergeCookies(user.cookie, res);
    const body = (await res.json()) as { result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: { json: TrpcError } };
    if (body.result) return { status: res.status, data: superjson.deserialize<T>(body.result.data) };
    return { status: res.status, error: body.error!.json };
  }
}

export type TrpcError = { message: string; code: number; data: { code: string; httpStatus: number; appCode?: string } };
export type TrpcResult<T> = { status: number; data?: T; error?: TrpcError };

export function chatBody(text: string, threadId: string = randomUUID(), modelId = "openai-compatible:fake-model") {
  return { threadId, modelId, message: { id: randomUUID(), role: "user" as const, parts: [{ type: "text" as const, text }] } };
}
