// What the bench runs: the working tree, or another commit built in a temporary worktree, each
// started the way that commit's own scripts start its server.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = process.cwd();

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status})`);
}

function git(args, opts = {}) {
  const r = spawnSync("git", args, { encoding: "utf8", cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * A commit checked out in a worktree under the system's temp folder, with its own `npm ci` and
 * `next build`; kept between runs (keyed by the commit), so a second run starts at once.
 */
export function prepareRef(ref) {
  const sha = git(["rev-parse", "--verify", `${ref}^{commit}`]);
  const dir = path.join(process.env.BENCH_WORKTREES || "/tmp", `sidekiq-bench-${sha.slice(0, 12)}`);
  if (!existsSync(path.join(dir, "package.json"))) {
    spawnSync("git", ["worktree", "prune"], { cwd: root });
    console.log(`--- worktree for ${ref} (${sha.slice(0, 7)}) in ${dir}`);
    git(["worktree", "add", "--detach", "--force", dir, sha]);
  }
  if (!existsSync(path.join(dir, "node_modules", ".bin", "next"))) {
    console.log(`--- npm ci in ${dir}`);
    run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir });
  }
  if (!existsSync(path.join(dir, ".next", "BUILD_ID"))) {
    console.log(`--- next build in ${dir}`);
    run(process.execPath, [path.join(dir, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
  }
  return { name: `${ref}@${sha.slice(0, 7)}`, dir, sha };
}

export function workingTree() {
  return { name: "working tree", dir: root, sha: git(["rev-parse", "HEAD"]) };
}

/**
 * Starts a target's production server. A commit with scripts/lib/node-flags.mjs passes those
 * flags on the command line (as its `npm start` does); an older one sets its own at start.
 */
export async function spawnServer(target, env, { nodeArgs = [] } = {}) {
  const flagsFile = path.join(target.dir, "scripts", "lib", "node-flags.mjs");
  let args = ["scripts/serve.mjs"];
  let fullEnv = { ...process.env, ...env };
  if (existsSync(flagsFile)) {
    const { serverProcess } = await import(pathToFileURL(flagsFile).href);
    ({ args, env: fullEnv } = serverProcess("scripts/serve.mjs", fullEnv));
  }
  return spawn(process.execPath, [...nodeArgs, ...args], { cwd: target.dir, env: fullEnv, stdio: ["ignore", "ignore", "inherit"] });
}
