"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/trpc/client";

/** Files threads in a folder (or at the root, null); the lists and the folders' counts are read again. */
export function useMoveThreads() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const move = useMutation(
    trpc.threads.move.mutationOptions({
      onError: () => toast.error("Couldn't move the chat. Try again."),
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.threads.list.pathFilter());
        void queryClient.invalidateQueries(trpc.folders.list.pathFilter());
      },
    }),
  );
  return (threadIds: string[], folderId: string | null) => move.mutate({ threadIds, folderId });
}
