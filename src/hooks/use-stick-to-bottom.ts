"use client";

import { useCallback, useEffect, useRef, useState } from "react";

const NEAR_BOTTOM_PX = 64;

/**
 * Keeps a scroll container pinned to its bottom while its content grows (a streaming reply),
 * until the reader scrolls up. Scrolling back down, or `scrollToBottom()`, pins it again.
 */
export function useStickToBottom() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  // Released by the app (a jump to a message): not pinned again by the view passing near the
  // bottom (a page going in above moves it), only by the reader's own scrolling or scrollToBottom.
  const held = useRef(false);
  const [isAtBottom, setIsAtBottom] = useState(true);

  const distanceFromBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight;

  const scrollToBottom = useCallback((behavior: ScrollBehavior = "auto") => {
    const el = scrollRef.current;
    if (!el) return;
    stuck.current = true;
    held.current = false;
    setIsAtBottom(true);
    el.scrollTo({ top: el.scrollHeight, behavior });
  }, []);

  /** Stops following the bottom (the view is taken somewhere else: a message opened from search). */
  const release = useCallback(() => {
    stuck.current = false;
    held.current = true;
  }, []);

  useEffect(() => {
    const el = scrollRef.current;
    const content = contentRef.current;
    if (!el || !content) return;
    let lastTop = el.scrollTop;

    const onScroll = () => {
      const near = distanceFromBottom(el) < NEAR_BOTTOM_PX;
      // Only a move upwards counts as the reader leaving; growth below never changes scrollTop.
      if (near && !held.current) stuck.current = true;
      else if (el.scrollTop < lastTop - 2) stuck.current = false;
      lastTop = el.scrollTop;
      setIsAtBottom(near);
    };
    // Wheel-up unpins at once, before the next streamed chunk can pull the view back down.
    const onWheel = (e: WheelEvent) => {
      held.current = false;
      if (e.deltaY < 0 && el.scrollHeight > el.clientHeight) stuck.current = false;
    };
    // Any other scrolling of the reader's own (touch, the scroll bar, keys) hands it back to them.
    const onInput = () => {
      held.current = false;
    };
    const observer = new ResizeObserver(() => {
      if (stuck.current) {
        el.scrollTop = el.scrollHeight;
        lastTop = el.scrollTop;
      }
      setIsAtBottom(distanceFromBottom(el) < NEAR_BOTTOM_PX);
    });

    el.addEventListener("scroll", onScroll, { passive: true });
    el.addEventListener("wheel", onWheel, { passive: true });
    for (const type of ["touchstart", "pointerdown", "keydown"] as const) el.addEventListener(type, onInput, { passive: true });
    observer.observe(content);
    observer.observe(el);
    el.scrollTop = el.scrollHeight;
    return () => {
      el.removeEventListener("scroll", onScroll);
      el.removeEventListener("wheel", onWheel);
      for (const type of ["touchstart", "pointerdown", "keydown"] as const) el.removeEventListener(type, onInput);
      observer.disconnect();
    };
  }, []);

  return { scrollRef, contentRef, isAtBottom, scrollToBottom, release };
}
