/**
 * One built app per test file, on the database the project names (http-pglite / http-postgres),
 * with the fake LLM in the test's own process. `useApp()` at the top of a file starts it before
 * the file's tests and stops it (and drops its database) after them.
 */
import { afterAll, beforeAll } from "vitest";
import { type AppServer, startAppServer } from "../../support/app-server";
import { type FakeLlm, startFakeLlm } from "../../support/fake-llm";
import { AppClient } from "../../support/http-client";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

export const dbKind = process.env.TEST_DB_KIND === "postgres" ? "postgres" : "pglite";

export type AppFixture = { app: AppServer; fake: FakeLlm; client: AppClient; database?: TestDatabase };

export function useApp(options: { env?: Record<string, string | undefined>; withoutProvider?: boolean; dataDir?: string } = {}): AppFixture {
  const fixture = {} as AppFixture;
  beforeAll(async () => {
    fixture.fake = await startFakeLlm();
    fixture.database = dbKind === "postgres" ? await createTestDatabase("sidekiq_http") : undefined;
    fixture.app = await startAppServer({
      databaseUrl: fixture.database?.url,
      dataDir: options.dataDir,
      fakeLlmUrl: options.withoutProvider ? "" : fixture.fake.url,
      env: { AUTH_RATE_LIMIT_DISABLED: "1", DEFAULT_MODEL: options.withoutProvider ? "" : "openai-compatible:fake-model", ...options.env },
    });
    fixture.client = new AppClient(fixture.app.url);
  }, 120_000);
  afterAll(async () => {
    await fixture.app?.stop();
    await fixture.database?.drop();
    await fixture.fake?.close();
  }, 60_000);
  return fixture;
}
