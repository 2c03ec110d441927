"use client";

import { type InfiniteData, type QueryKey, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "@/trpc/client";

type RouterOutputs = inferRouterOutputs<AppRouter>;
export type ThreadListPage = RouterOutputs["threads"]["list"];
export type ThreadListItem = ThreadListPage["items"][number];
type ThreadRow = RouterOutputs["threads"]["get"];
type ThreadPatch = Partial<Pick<ThreadListItem, "title" | "isPinned" | "modelId">>;
type ListData = InfiniteData<ThreadListPage> | ThreadListPage;
export type ThreadCacheSnapshot = [QueryKey, unknown][];

function mapItems(data: ListData | undefined, fn: (items: ThreadListItem[]) => ThreadListItem[]): ListData | undefined {
  if (!data) return data;
  if ("pages" in data) return { ...data, pages: data.pages.map((p) => ({ ...p, items: fn(p.items) })) };
  return { ...data, items: fn(data.items) };
}

/** Reads and patches every cached copy of a thread (sidebar pages and the open thread), for optimistic updates. */
export function useThreadCache() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  return useMemo(() => {
    // pathFilter matches the infinite sidebar query and any plain list query alike.
    const listFilter = trpc.threads.list.pathFilter();
    const getFilter = trpc.threads.get.pathFilter();

    return {
      async snapshot(): Promise<ThreadCacheSnapshot> {
        await Promise.all([queryClient.cancelQueries(listFilter), queryClient.cancelQueries(getFilter)]);
        return [...queryClient.getQueriesData(listFilter), ...queryClient.getQueriesData(getFilter)];
      },
      restore(snapshot: ThreadCacheSnapshot) {
        for (const [key, data] of snapshot) queryClient.setQueryData(key, data);
      },
      update(threadId: string, patch: ThreadPatch) {
        queryClient.setQueriesData<ListData>(listFilter, (data) =>
          mapItems(data, (items) => items.map((t) => (t.id === threadId ? { ...t, ...patch } : t))),
        );
        queryClient.setQueryData<ThreadRow>(trpc.threads.get.queryKey({ threadId }), (row) =>
          row ? { ...row, ...patch } : row,
        );
      },
      remove(threadId: string) {
        queryClient.setQueriesData<ListData>(listFilter, (data) =>
          mapItems(data, (items) => items.filter((t) => t.id !== threadId)),
        );
      },
      invalidate() {
        return queryClient.invalidateQueries(listFilter);
      },
    };
  }, [trpc, queryClient]);
}
