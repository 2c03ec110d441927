// Plain JavaScript on purpose: Next compiles a next.config.ts with its SWC binary every time the
// server starts, which maps ~24 MiB into the production process for nothing.
/** @type {import("next").NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from disk; pino uses worker threads. Both must stay unbundled,
  // as must rate-limiter-flexible, whose index requires every store's module.
  serverExternalPackages: ["@electric-sql/pglite", "ioredis", "pino", "postgres", "rate-limiter-flexible"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Shared links are public but not for search engines.
  async headers() {
    return [{ source: "/share/:token*", headers: [{ key: "X-Robots-Tag", value: "noindex, nofollow" }] }];
  },
};

export default nextConfig;
