// Plain JavaScript on purpose: Next compiles a next.config.ts with its SWC binary every time the
// server starts, which maps ~24 MiB into the production process for nothing.
/** @type {import("next").NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from disk; pino uses worker threads. Both must stay unbundled,
  // as must rate-limiter-flexible, whose index requires every store's module.
  serverExternalPackages: ["@electric-sql/pglite", "ioredis", "pino", "postgres", "rate-limiter-flexible"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The browser's defences on every response (the pages' Content-Security-Policy, with its
  // per-request nonce, comes from src/proxy.ts). A later entry's header wins over an earlier one's.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          // Features no page uses, off for it and for anything it could embed.
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=(), browsing-topics=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      // Over https (the proxy in front says so); a browser ignores HSTS over plain http anyway.
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
      // An API answer is data: nothing in it may run, load or be framed.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
      // Shared links are public but not for search engines, and their token stays out of Referer.
      {
        source: "/share/:token*",
        headers: [
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
    ];
  },
};

export default nextConfig;
