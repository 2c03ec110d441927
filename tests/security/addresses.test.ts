// The client's address with no proxy in front (TRUSTED_PROXIES unset): the socket's peer, whatever
// X-Forwarded-For says, so neither the sign-in nor the sign-up limit can be walked around.
import { describe, expect, it } from "vitest";
import { useApp } from "../http/helpers/app";

const t = useApp({ env: { AUTH_RATE_LIMIT_DISABLED: "0", SIGN_UPS_PER_ADDRESS_PER_HOUR: "3" } });

let n = 0;
const spoofed = () => `203.0.113.${++n}`;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.app.url}/api/auth/${path}`, { method: "POST", headers: { "content-type": "application/json", origin: t.app.url, ...headers }, body: JSON.stringify(body) });

describe("client address without a trusted proxy (built server)", () => {
  it("counts 30 wrong passwords with a new X-Forwarded-For each time as one address: 429 after 3", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await post("sign-in/email", { email: `nobody-${i}@example.com`, password: "wrong password 123" }, { "x-forwarded-for": spoofed() });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(new Set(statuses.slice(3))).toEqual(new Set([429]));
    // A client can't hand the app its own answer under the resolved address's name either.
    const forged = await post("sign-in/email", { email: "x@example.com", password: "wrong password 123" }, { "x-sidekiq-client-ip": spoofed(), "x-sidekiq-peer": spoofed() });
    expect(forged.status).toBe(429);
  });

  it("lets one address make SIGN_UPS_PER_ADDRESS_PER_HOUR accounts, then 429, whatever it forwards", async () => {
    const signUp = (i: number) => post("sign-up/email", { email: `many-${i}-${Date.now()}@example.com`, password: "correct horse battery", name: `Many ${i}` }, { "x-forwarded-for": spoofed() });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signUp(i)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
