"use client";

import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, useState, useTransition } from "react";

type ThreadNavigation = {
  /** The thread being opened while its page loads, or null. */
  pendingThreadId: string | null;
  /** Opens a thread; until its page has rendered, `pendingThreadId` names it. */
  openThread: (threadId: string) => void;
};

const Context = createContext<ThreadNavigation | null>(null);

/**
 * Thread pages render on the server (their status stays a real 404 for a missing or foreign
 * thread, which a loading.tsx boundary would turn into 200), so the client knows when one is
 * on its way and the shell shows the page's skeleton meanwhile.
 */
export function ThreadNavigationProvider({ onNavigate, children }: { onNavigate?: () => void; children: React.ReactNode }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [target, setTarget] = useState<string | null>(null);
  const openThread = useCallback(
    (threadId: string) => {
      setTarget(threadId);
      onNavigate?.();
      startTransition(() => router.push(`/chat/${threadId}`));
    },
    [router, onNavigate],
  );
  const value = useMemo(() => ({ pendingThreadId: isPending ? target : null, openThread }), [isPending, target, openThread]);
  return <Context value={value}>{children}</Context>;
}

export function useThreadNavigation(): ThreadNavigation {
  const value = useContext(Context);
  if (!value) throw new Error("useThreadNavigation needs a ThreadNavigationProvider");
  return value;
}
