import type { Server } from "node:http";

export type MemoryRelease = { beforeMiB: number; afterMiB: number; ms: number };

export function releaseMemoryWhenIdle(
  server: Pick<Server, "on">,
  options?: {
    idleMs?: number;
    minGrowthBytes?: number;
    onRelease?: (info: MemoryRelease) => void;
    /** For tests: the heap size to compare (V8's total heap by default) and the collection to run. */
    heapSize?: () => number;
    collect?: (options: { type: "major"; flavor: "last-resort" }) => void;
  },
): void;
