import { isToday, isYesterday, startOfDay, subDays } from "date-fns";
import type { ThreadListItem } from "@/hooks/use-thread-cache";

export type ThreadGroup = { label: string; threads: ThreadListItem[] };

const ORDER = ["Pinned", "Today", "Yesterday", "Previous 7 days", "Older"] as const;

function groupOf(thread: ThreadListItem, weekAgo: Date): (typeof ORDER)[number] {
  if (thread.isPinned) return "Pinned";
  const at = new Date(thread.lastActivityAt);
  if (isToday(at)) return "Today";
  if (isYesterday(at)) return "Yesterday";
  return at >= weekAgo ? "Previous 7 days" : "Older";
}

/** Sidebar sections: pinned first, then by last activity. Keeps the server's order inside each section. */
export function groupThreads(threads: ThreadListItem[], now = new Date()): ThreadGroup[] {
  const weekAgo = subDays(startOfDay(now), 7);
  const buckets = new Map<string, ThreadListItem[]>();
  for (const thread of threads) {
    const label = groupOf(thread, weekAgo);
    const list = buckets.get(label) ?? [];
    list.push(thread);
    buckets.set(label, list);
  }
  return ORDER.filter((label) => buckets.has(label)).map((label) => ({ label, threads: buckets.get(label)! }));
}
