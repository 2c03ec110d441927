import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname, "src"),
  // `server-only` throws outside Next's server build; in tests every module is server-side.
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
};

const integration = (name: string, kind: "pglite" | "postgres") => ({
  resolve: { alias },
  test: {
    name,
    include: ["tests/integration/**/*.test.ts"],
    setupFiles: ["tests/integration/helpers/setup.ts"],
    env: { TEST_DB_KIND: kind },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

// The built app over real HTTP (`next build` first: `npm test` does it): tests/http, and
// tests/security (the same build, attacked). Each file starts its own server process; run them
// one at a time (`--no-file-parallelism`), they share two cores.
const builtApp = (name: string, kind: "pglite" | "postgres", folder: "http" | "security") => ({
  resolve: { alias },
  test: {
    name,
    include: [`tests/${folder}/**/*.test.ts`],
    env: { TEST_DB_KIND: kind },
    testTimeout: folder === "security" ? 120_000 : 60_000,
    hookTimeout: 120_000,
  },
});
const http = (name: string, kind: "pglite" | "postgres") => builtApp(name, kind, "http");
const security = (name: string, kind: "pglite" | "postgres") => builtApp(name, kind, "security");

// The fault suite: the built app on PostgreSQL, several instances, its own Redis, the invariant
// checker after every case. `npm run test:faults` (all of it, `-- --repeat N`); `npm test` runs
// the cases marked [quick].
const faults = {
  resolve: { alias },
  test: { name: "faults", include: ["tests/faults/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
};

const postgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["src/**/*.test.ts", "src/**/*.test.tsx", "scripts/**/*.test.ts"] } },
      integration("integration-pglite", "pglite"),
      ...(postgres ? [integration("integration-postgres", "postgres")] : []),
      http("http-pglite", "pglite"),
      security("security-pglite", "pglite"),
      ...(postgres ? [http("http-postgres", "postgres"), security("security-postgres", "postgres"), faults] : []),
    ],
  },
});
