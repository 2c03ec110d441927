import type { ThreadListPage } from "@/hooks/use-thread-cache";

/** The sidebar's infinite query input, shared by the server prefetch and the client so their keys match. */
export const THREAD_LIST_INPUT = { limit: 50, folderId: null };

export const threadListPaging = { getNextPageParam: (page: ThreadListPage) => page.nextCursor };
