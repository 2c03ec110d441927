// `npm start`: build when needed, then serve (migrations run inside the server before it listens).
// package.json starts this with the server's Node flags (scripts/lib/node-flags.mjs).
import { buildIfStale } from "./lib/build.mjs";

console.log(`Sidekiq on Node ${process.version}`);
buildIfStale();
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
await import("./serve.mjs");
