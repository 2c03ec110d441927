import "server-only";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The embedded database's folder is this user's alone: created 0700, its files 0600. PGlite
 * writes a new database's files (WAL included) 0666 itself, and every later file with the
 * process's umask (0644 under the usual 022): readable, or writable, by other local users. The
 * umask is set to 077 before the database opens, so every file made from then on is private; a
 * folder made before this existed (or copied in) is tightened, which the start-up log reports;
 * and, for a new database, `tightenDataDir` runs again once PGlite has written its files.
 */
export function secureDataDir(dir: string): { tightened: number; newDatabase: boolean } {
  try {
    process.umask(0o077);
  } catch {
    // Not settable in a worker thread; the folder is still tightened below.
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // No PG_VERSION yet: PGlite will write a new database here, with the modes it writes them.
  return { tightened: tightenDataDir(dir), newDatabase: !existsSync(path.join(dir, "PG_VERSION")) };
}

/** Takes the group's and others' bits off the folder and everything in it; how many it changed. */
export function tightenDataDir(dir: string): number {
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
  return tightened;
}
