// Settings that only take effect when a Node process starts, so they are given where the server
// process is started: `npm start` has them on its command line (package.json), and every script
// that starts the server itself (e2e, bench, the HTTP and fault suites) passes these same ones.
//
// V8's heap, under load: by default it lets the old generation grow to up to 4x what survived the
// last full collection, and the young generation's semi-spaces to 32 MiB or more, so a 300-chat
// burst with ~130 MiB alive peaked at 430-460 MiB of RSS (PostgreSQL). Capping the semi-spaces at
// 16 MiB and growing the old generation by a bounded step keeps that peak near 300 MiB. The step
// was 20%; at 50% (2026-12-02, against 162be06 in one run) the burst's peak was 292 against 311
// MiB on PostgreSQL and 352 against 339 on PGlite, RSS 2 s later 0.95x and 1.00x, CPU per reply
// 0.99x and 0.96x; and the full collections that 20% forced every 10-15 large responses (40-80 ms
// each) went: threads.tree of 2,000 messages p95 62 -> 40 ms, messages.list's newest page p95
// 22 -> 16 ms.
//
// WebAssembly: the embedded database is PostgreSQL compiled to WebAssembly. By default V8 first
// compiles it with its baseline compiler and re-compiles hot functions in the background, which
// keeps both copies (~40 MiB); compiling it once, optimized, adds ~2 s to start-up and makes its
// queries faster. Nothing else in the server runs WebAssembly.
export const SERVER_NODE_FLAGS = ["--heap-growing-percent=50", "--max-semi-space-size=16", "--no-liftoff"];

// The C allocator (Linux with glibc): glibc keeps memory that V8's compilers, PGlite and the HTTP
// stack have freed; after start-up and after a burst of chats that was ~55 MiB of resident memory
// doing nothing. A fixed trim threshold also stops glibc from raising it after large frees.
// Elsewhere the variable is simply ignored.
export const SERVER_ENV = { MALLOC_TRIM_THRESHOLD_: "131072" };

/** Arguments and environment to start `script` as the production server does; the caller's environment wins. */
export function serverProcess(script, env = process.env) {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
  return { args: [...SERVER_NODE_FLAGS, script], env: { ...SERVER_ENV, ...given } };
}
