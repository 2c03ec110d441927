// Config for `npm run auth:generate` (the `auth` CLI): the same options the app uses, on a throwaway database.
import { PGlite } from "@electric-sql/pglite";
import { betterAuth } from "better-auth";
import { drizzle } from "drizzle-orm/pglite";
import { buildAuthOptions } from "../src/server/auth/options";

export const auth = betterAuth(buildAuthOptions({ db: drizzle({ client: new PGlite() }), secret: "schema-generation-only-7Hq2Vx9LmP4kRt8Zw3Nb6Yc1" }));
