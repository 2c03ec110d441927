"use client";

import { useEffect, useRef } from "react";
import { isShortcut, type ShortcutId } from "@/lib/shortcuts";

/** Runs `handler` on the shortcut anywhere on the page (while `enabled`); it is not passed on. */
export function useShortcut(id: ShortcutId, handler: (e: KeyboardEvent) => void, enabled = true) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !isShortcut(id, e)) return;
      e.preventDefault();
      latest.current(e);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [id, enabled]);
}
