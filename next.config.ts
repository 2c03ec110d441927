import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from disk; pino uses worker threads. Both must stay unbundled.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "postgres"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
