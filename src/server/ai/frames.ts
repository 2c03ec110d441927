/**
 * How long streamed text is gathered into one frame before it moves on. The browser renders at
 * most every 50 ms (useChat's throttle), so frames of 50 ms lose nothing a reader can see. Under
 * load frames grow, up to 100 ms: per-reply CPU goes to per-frame work (stream hops, validation,
 * writes), so fewer, bigger frames keep the process responsive when hundreds of replies stream at
 * once. The first text of a reply never waits for a frame.
 */
export const BASE_FRAME_MS = 50;
export const MAX_FRAME_MS = 100;
/** Replies streaming at once in this process before frames start to grow. */
const GROW_AFTER = 50;

let gauge: () => number = () => 0;

/** Tells the framing how many replies this process is streaming right now. */
export function measureLoadWith(activeReplies: () => number) {
  gauge = activeReplies;
}

export function frameMsFor(activeReplies: number): number {
  if (activeReplies <= GROW_AFTER) return BASE_FRAME_MS;
  return Math.min(MAX_FRAME_MS, Math.round((BASE_FRAME_MS * activeReplies) / GROW_AFTER));
}

/** The frame length right now. */
export function frameMs(): number {
  return frameMsFor(gauge());
}
