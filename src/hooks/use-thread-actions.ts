"use client";

import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/trpc/client";
import { type ThreadCacheSnapshot, useThreadCache } from "./use-thread-cache";

type Context = { snapshot: ThreadCacheSnapshot };

/** Rename, pin and delete with optimistic cache updates, rolled back with a toast when the server says no. */
export function useThreadActions() {
  const trpc = useTRPC();
  const cache = useThreadCache();

  const rollback = (message: string) => (_error: unknown, _vars: unknown, context: Context | undefined) => {
    if (context) cache.restore(context.snapshot);
    toast.error(message);
  };
  const settle = () => void cache.invalidate();

  const rename = useMutation(
    trpc.threads.rename.mutationOptions({
      onMutate: async ({ threadId, title }): Promise<Context> => {
        const snapshot = await cache.snapshot();
        cache.update(threadId, { title });
        return { snapshot };
      },
      onError: rollback("Couldn't rename the chat."),
      onSettled: settle,
    }),
  );

  const pin = useMutation(
    trpc.threads.pin.mutationOptions({
      onMutate: async ({ threadId, pinned }): Promise<Context> => {
        const snapshot = await cache.snapshot();
        cache.update(threadId, { isPinned: pinned });
        return { snapshot };
      },
      onError: rollback("Couldn't update the pin."),
      onSettled: settle,
    }),
  );

  const remove = useMutation(
    trpc.threads.delete.mutationOptions({
      onMutate: async ({ threadId }): Promise<Context> => {
        const snapshot = await cache.snapshot();
        cache.remove(threadId);
        return { snapshot };
      },
      onError: rollback("Couldn't delete the chat."),
      onSettled: settle,
    }),
  );

  return { rename, pin, remove };
}
