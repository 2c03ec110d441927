// Loads .env files the way Next does (.env.production.local, .env.local, .env.production, .env;
// variables already in the environment win), before the server reads PORT, HOSTNAME, LOG_LEVEL
// and DATABASE_URL itself. Next loads them again when the app is made, which changes nothing.
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV === "development", { info: () => {}, error: console.error });
