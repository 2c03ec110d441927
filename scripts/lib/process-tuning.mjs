// Imported first by the server's entry points. Two settings that only take effect when a process
// starts, so the first time through this replaces the process (same pid, same stdio, same
// arguments) with one that has them. Anything the operator set wins.
//
// The C allocator (Linux with glibc): glibc keeps memory that V8's compilers, PGlite and the HTTP
// stack have freed, to reuse it later; after start-up and after a burst of chats that was ~55 MiB
// of resident memory doing nothing. MALLOC_TRIM_THRESHOLD_ is the free space glibc keeps at the
// top of its heap before returning it to the kernel; setting it also turns off glibc's habit of
// raising that threshold (to as much as 64 MiB) after large blocks are freed.
//
// V8's heap, under load: by default it lets the old generation grow to up to 4x what survived the
// last full collection, and the young generation's semi-spaces to 32 MiB or more, so a 300-chat
// burst with ~130 MiB alive peaked at 430-460 MiB of RSS (PostgreSQL). Growing the old generation
// by 20% at a time and capping the semi-spaces at 16 MiB keeps that peak under 300 MiB, for about
// 2.5 ms more CPU per reply at 200 chats at once (measured: 287 against 432-459 MiB; 12.4 against
// 9.7-11.4 ms; 75 against 79-82 replies/s). The memory goes back to the OS once the server is idle
// either way (idle-memory.mjs); this is about the peak, which is what a container limit sees.
import process from "node:process";

const MALLOC_ENV = { MALLOC_TRIM_THRESHOLD_: "131072" };
export const V8_FLAGS = ["--heap-growing-percent=20", "--max-semi-space-size=16"];

const flagName = (arg) => arg.split("=")[0].replaceAll("_", "-");
const given = new Set(process.execArgv.map(flagName));
const missingFlags = V8_FLAGS.filter((f) => !given.has(flagName(f)));

const glibc = process.platform === "linux" && Boolean(process.report?.getReport?.().header?.glibcVersionRuntime);
const missingEnv = glibc && Object.keys(MALLOC_ENV).some((k) => process.env[k] === undefined);

if ((missingEnv || missingFlags.length > 0) && typeof process.execve === "function") {
  const env = glibc ? { ...MALLOC_ENV, ...process.env } : process.env;
  process.execve(process.execPath, [process.execPath, ...missingFlags, ...process.execArgv, ...process.argv.slice(1)], env);
}
