// Gives a burst's memory back to the operating system once the server is idle again.
//
// Under load V8 grows its heap well past what is alive (a 300-chat burst holds ~130 MiB of live
// objects in a heap of ~450 MiB), and it keeps the pages after the load is gone: its own memory
// reducer waits 8 s after the last full collection and then only acts if it judges the process
// idle, which in our measurements took from 5 s to "not within 10 s". The server knows exactly
// when it is idle, so it asks for the memory back itself: one second after the last request has
// ended, if the heap grew by at least `minGrowthBytes` since the last time, it runs V8's
// memory-reducing collection (the "last resort" one: compacts, shrinks the young generation and
// unmaps the free pages). With nothing in flight, its pause (tens of ms) delays nobody.
import v8 from "node:v8";
import { runInNewContext } from "node:vm";

// Types: idle-memory.d.mts.
export function releaseMemoryWhenIdle(server, { idleMs = 1_000, minGrowthBytes = 64 * 1024 * 1024, onRelease, heapSize = () => v8.getHeapStatistics().total_heap_size, collect } = {}) {
  const gc = collect ?? exposeGc();

  let inFlight = 0;
  let timer;
  let settledHeap = heapSize();

  const release = () => {
    timer = undefined;
    if (inFlight > 0 || heapSize() - settledHeap < minGrowthBytes) return;
    const before = process.memoryUsage.rss();
    const t0 = performance.now();
    gc({ type: "major", flavor: "last-resort" });
    settledHeap = heapSize();
    onRelease?.({ beforeMiB: Math.round(before / 1048576), afterMiB: Math.round(process.memoryUsage.rss() / 1048576), ms: Math.round(performance.now() - t0) });
  };

  server.on("request", (_req, res) => {
    inFlight++;
    clearTimeout(timer);
    res.once("close", () => {
      if (--inFlight === 0) timer = setTimeout(release, idleMs).unref();
    });
  });
}

/** V8's `gc`: it exists only in a context made after --expose-gc; the app's own global never sees it. */
function exposeGc() {
  v8.setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc");
  v8.setFlagsFromString("--no-expose-gc");
  return gc;
}
