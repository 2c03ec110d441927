import { randomBytes } from "node:crypto";
import postgres from "postgres";

export const TEST_PG_ADMIN_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

export type TestDatabase = { url: string; name: string; drop: () => Promise<void> };

/** A new, empty PostgreSQL database next to the admin URL's; `drop` removes it (connections and all). */
export async function createTestDatabase(prefix = "sidekiq_test", adminUrl = TEST_PG_ADMIN_URL): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
