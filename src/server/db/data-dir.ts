import "server-only";
import { chmodSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The embedded database's folder is this user's alone: created 0700, its files 0600. PGlite
 * creates its files (WAL included) with the process's umask, which left them 0666 minus 022:
 * readable by every local user, and with a umask of 0 writable too. The process's umask is set
 * to 077 before the database opens, so every file made from then on is private, and a folder
 * made before this existed (or copied in) is tightened, which the start-up log reports.
 */
export function secureDataDir(dir: string): { tightened: number } {
  try {
    process.umask(0o077);
  } catch {
    // Not settable in a worker thread; the folder is still tightened below.
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let tightened = 0;
  const walk = (p: string, isDir: boolean) => {
    // Only the group's and others' bits go; what the owner had stays.
    const mode = statSync(p).mode & 0o777;
    if (mode & 0o077) {
      chmodSync(p, mode & 0o700);
      tightened++;
    }
    if (isDir) for (const entry of readdirSync(p, { withFileTypes: true })) if (!entry.isSymbolicLink()) walk(path.join(p, entry.name), entry.isDirectory());
  };
  walk(dir, true);
  return { tightened };
}
