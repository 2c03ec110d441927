"use client";

import { useMutation } from "@tanstack/react-query";
import { MessageSquarePlusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/client";

/** A signed-in visitor's copy of the shared conversation, opened to go on with it. */
export function ContinueSharedButton({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const copy = useMutation(trpc.shares.continue.mutationOptions());
  return (
    <Button
      data-testid="shared-continue"
      disabled={copy.isPending}
      onClick={() =>
        copy.mutate(
          { token },
          { onSuccess: ({ threadId }) => router.push(`/chat/${threadId}`), onError: () => toast.error("Couldn't copy this conversation. Try again.") },
        )
      }
    >
      <MessageSquarePlusIcon aria-hidden /> Continue this conversation
    </Button>
  );
}
