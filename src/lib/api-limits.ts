/**
 * tRPC's request limits, shared by the route and the browser's batch link: a body of at most
 * 1 MB (a Sidekiq's 32,000 characters of instructions are the largest input), and at most 20
 * calls in one batched request (500 `folders.create` calls in one POST all ran before).
 */
export const TRPC_MAX_BATCH = 20;
export const TRPC_BODY_BYTES = 1_000_000;
/** Better Auth's JSON bodies (a sign-up, a team's settings) are small. */
export const AUTH_BODY_BYTES = 64 * 1024;
