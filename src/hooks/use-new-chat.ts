"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";

/**
 * Opens a fresh new chat. The new-chat page draws a new thread id on every server render, and
 * after history.replaceState the router may still hold "/" as the current page, so a plain
 * push could reuse it: refresh makes sure a new id (and an empty chat) comes back.
 */
export function useNewChat() {
  const router = useRouter();
  return useCallback(() => {
    router.push("/");
    router.refresh();
  }, [router]);
}
