// Imported first by the server's entry points. On Linux with glibc, the C allocator keeps memory
// that V8's compilers, PGlite and the HTTP stack have freed, to reuse it later: after start-up and
// after a burst of chats that was ~55 MiB of resident memory doing nothing. glibc reads its tuning
// from the environment only when a process starts, so the first time through this replaces the
// process (same pid, same stdio) with one that has the setting. Any value the operator set wins.
//
// MALLOC_TRIM_THRESHOLD_ is the free space glibc keeps at the top of its heap before returning it
// to the kernel. Setting it also turns off glibc's habit of raising that threshold (to as much as
// 64 MiB) after large blocks are freed, which is how the memory got stuck.
import process from "node:process";

const MALLOC_ENV = { MALLOC_TRIM_THRESHOLD_: "131072" };

const glibc = process.platform === "linux" && Boolean(process.report?.getReport?.().header?.glibcVersionRuntime);
const missing = Object.keys(MALLOC_ENV).some((k) => process.env[k] === undefined);

if (glibc && missing && typeof process.execve === "function") {
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...MALLOC_ENV, ...process.env });
}
