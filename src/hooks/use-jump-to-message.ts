"use client";

import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import type { ChatMessage } from "@/lib/chat/message";

type Options = {
  /** The message to open (a search result), or null. */
  target: string | null;
  messages: ChatMessage[];
  /** Makes the branch through `messageId` the one shown, from its newest page. */
  switchTo: (messageId: string) => Promise<unknown>;
  older: { hasOlder: boolean; loadingOlder: boolean; loadOlder: () => void };
  /** Called once the message is on screen, or could not be found. */
  onDone: () => void;
  /** Scrolls a loaded message into the middle of the view (the list is virtualized: it may not be in the page yet). */
  scrollTo: (messageId: string) => boolean;
};

/**
 * Opens a thread at one message: the branch through it first (when it is not on the page shown),
 * then earlier pages until it is loaded, then scrolled to the middle of the screen and
 * highlighted for a moment. Returns the id to highlight.
 */
export function useJumpToMessage({ target, messages, switchTo, older, onDone, scrollTo }: Options): string | null {
  const [phase, setPhase] = useState<"idle" | "switching" | "loading">("idle");
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const started = useRef<string | null>(null);
  const present = target !== null && messages.some((m) => m.id === target);

  // Not on the page shown: make its branch the one shown (a message on the active path keeps it).
  useEffect(() => {
    if (!target || started.current === target) return;
    started.current = target;
    if (present) return;
    setPhase("switching");
    switchTo(target)
      .then(() => setPhase("loading"))
      .catch(() => {
        toast.error("Couldn't open that message. It may have been deleted.");
        setPhase("idle");
        onDone();
      });
  }, [target, present, switchTo, onDone]);

  // Earlier pages, one at a time, until it is there.
  const { hasOlder, loadingOlder, loadOlder } = older;
  useEffect(() => {
    if (phase !== "loading" || present || loadingOlder) return;
    if (hasOlder) loadOlder();
    else {
      toast.error("Couldn't find that message in this chat.");
      setPhase("idle");
      onDone();
    }
  }, [phase, present, hasOlder, loadingOlder, loadOlder, onDone]);

  // There: into view, and marked for a moment.
  useEffect(() => {
    if (!target || !present || started.current !== target) return;
    if (!scrollTo(target)) return;
    setHighlighted(target);
    setPhase("idle");
    onDone();
  }, [target, present, onDone, scrollTo]);
  useEffect(() => {
    if (!highlighted) return;
    const t = setTimeout(() => setHighlighted(null), 2_500);
    return () => clearTimeout(t);
  }, [highlighted]);

  return highlighted;
}
