// `npm start`: build when needed, then serve (migrations run inside the server before it listens).
import "./lib/process-tuning.mjs";
import { buildIfStale } from "./lib/build.mjs";

console.log(`Sidekiq on Node ${process.version}`);
buildIfStale();
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
await import("./serve.mjs");
