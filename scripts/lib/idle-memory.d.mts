import type { Server } from "node:http";

export type MemoryRelease = { beforeMiB: number; afterMiB: number; ms: number };

export function releaseMemoryWhenIdle(
  server: Server,
  options?: { idleMs?: number; minGrowthBytes?: number; onRelease?: (info: MemoryRelease) => void },
): void;
