"use client";

import { useCallback, useSyncExternalStore } from "react";

const EVENT = "sidekiq:local-storage";

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** A string in localStorage, shared by every component using the same key; `null` on the server. */
export function useLocalStorage(key: string): [string | null, (value: string | null) => void] {
  const subscribe = useCallback((onChange: () => void) => {
    // `storage` fires for other tabs; the custom event covers this one.
    window.addEventListener("storage", onChange);
    window.addEventListener(EVENT, onChange);
    return () => {
      window.removeEventListener("storage", onChange);
      window.removeEventListener(EVENT, onChange);
    };
  }, []);
  const value = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const setValue = useCallback(
    (next: string | null) => {
      try {
        if (next === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, next);
      } catch {
        // Private mode or a full quota: the choice just isn't remembered.
      }
      window.dispatchEvent(new Event(EVENT));
    },
    [key],
  );
  return [value, setValue];
}
