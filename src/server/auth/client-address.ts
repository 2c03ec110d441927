import "server-only";
import { BlockList, isIP } from "node:net";
import { env } from "@/env";

/**
 * The address a request came from. It is the TCP peer's, which scripts/serve.mjs stamps on every
 * request as `x-sidekiq-peer` (replacing anything a client sent under that name), unless
 * TRUSTED_PROXIES says which hops in front of the server to believe:
 * - a count, `TRUSTED_PROXIES=1`: that many proxies, each appending the address it saw to
 *   `X-Forwarded-For`; the client is the entry that many hops from the right;
 * - a list of addresses or CIDR ranges (`10.0.0.0/8,192.0.2.7`): the chain is walked from the
 *   right past every trusted hop, and the first address that is not one is the client.
 * Entries left of those the proxies wrote are the client's own and are never believed: with a new
 * `X-Forwarded-For` on each try, 30 wrong passwords in a row once met no limit at all.
 */
export const PEER_HEADER = "x-sidekiq-peer";
/** The resolved address, as Better Auth reads it (`advanced.ipAddress.ipAddressHeaders`). */
export const CLIENT_ADDRESS_HEADER = "x-sidekiq-client-ip";

export type TrustedProxies = { kind: "none" } | { kind: "count"; hops: number } | { kind: "list"; list: BlockList; entries: string[] };

/** TRUSTED_PROXIES: empty (no proxy), a count, or a comma list of addresses and CIDR ranges. A bad entry throws. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const raw = value?.trim();
  if (!raw) return { kind: "none" };
  if (/^\d+$/.test(raw)) return Number(raw) === 0 ? { kind: "none" } : { kind: "count", hops: Math.min(Number(raw), 20) };
  const list = new BlockList();
  const entries = raw.split(",").map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (!family || (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)))) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return { kind: "list", list, entries };
}

/** An address as one canonical string: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as IPv4; null for anything else. */
export function normalizeAddress(value: string | null | undefined): string | null {
  const v = value?.trim().replace(/^\[(.*)\]$/, "$1");
  if (!v) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  return isIP(v) ? v.toLowerCase() : null;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
}

/** The client's address for a request's headers, or null when the server stamped no peer (not `npm start`). */
export function clientAddress(headers: Headers, trusted: TrustedProxies): string | null {
  const peer = normalizeAddress(headers.get(PEER_HEADER));
  if (!peer || trusted.kind === "none") return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  const chain = [...forwarded, peer];
  if (trusted.kind === "count") {
    // The peer is the nearest proxy; each of the `hops` proxies appended the address it saw.
    let client = peer;
    for (let i = chain.length - 2, hop = 0; i >= 0 && hop < trusted.hops; i--, hop++) {
      const address = normalizeAddress(chain[i]);
      if (!address) break;
      client = address;
    }
    return client;
  }
  if (!isTrusted(trusted.list, peer)) return peer;
  let client = peer;
  for (let i = chain.length - 2; i >= 0; i--) {
    const address = normalizeAddress(chain[i]);
    if (!address) break;
    client = address;
    if (!isTrusted(trusted.list, address)) break;
  }
  return client;
}

let configured: TrustedProxies | undefined;

/** The client's address under this deployment's TRUSTED_PROXIES. */
export function requestAddress(headers: Headers): string | null {
  configured ??= parseTrustedProxies(env.TRUSTED_PROXIES);
  return clientAddress(headers, configured);
}
