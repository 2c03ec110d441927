import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "./client-address";

const h = (peer: string | null, xff?: string) => new Headers({ ...(peer ? { "x-sidekiq-peer": peer } : {}), ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("client address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    const none = parseTrustedProxies(undefined);
    expect(clientAddress(h("203.0.113.9", "1.2.3.4"), none)).toBe("203.0.113.9");
    expect(clientAddress(h("::ffff:127.0.0.1", "9.9.9.9, 8.8.8.8"), none)).toBe("127.0.0.1");
    expect(clientAddress(h(null, "1.2.3.4"), none)).toBeNull();
    expect(clientAddress(h("not an address"), none)).toBeNull();
  });

  it("with a count, takes the address that many hops from the right, never one the client wrote", () => {
    const one = parseTrustedProxies("1");
    expect(clientAddress(h("10.0.0.2", "198.51.100.7"), one)).toBe("198.51.100.7");
    // The client prepends a lie; the proxy appends the truth.
    expect(clientAddress(h("10.0.0.2", "6.6.6.6, 198.51.100.7"), one)).toBe("198.51.100.7");
    const two = parseTrustedProxies("2");
    expect(clientAddress(h("10.0.0.3", "6.6.6.6, 198.51.100.7, 10.0.0.2"), two)).toBe("198.51.100.7");
    // Straight to the server, past the proxy: the peer itself.
    expect(clientAddress(h("198.51.100.8"), one)).toBe("198.51.100.8");
    expect(clientAddress(h("10.0.0.2", "garbage"), one)).toBe("10.0.0.2");
  });

  it("with a list, walks past trusted hops to the first untrusted one", () => {
    const list = parseTrustedProxies("10.0.0.0/8, 2001:db8::/32");
    expect(clientAddress(h("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9"), list)).toBe("198.51.100.7");
    expect(clientAddress(h("2001:db8::1", "2001:db8::2, 2a00::5"), list)).toBe("2a00::5");
    // A peer that is not a trusted proxy is the client, whatever it forwards.
    expect(clientAddress(h("198.51.100.9", "1.1.1.1"), list)).toBe("198.51.100.9");
  });

  it("refuses a list entry that is no address or range", () => {
    expect(() => parseTrustedProxies("10.0.0.0/99")).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies("proxy.local")).toThrow(/TRUSTED_PROXIES/);
    expect(parseTrustedProxies("0")).toEqual({ kind: "none" });
  });
});
