"use client";

import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";

/**
 * The sidebar's multi-select. A chat's menu has "Select"; while anything is selected a click on a
 * chat toggles it instead of opening it, Shift+click takes the range from the last one clicked
 * (in the order the sidebar shows them), and the selection bar archives, moves or deletes them.
 */
export type ThreadSelection = {
  selected: ReadonlySet<string>;
  active: boolean;
  /** A click on a chat while selecting: toggles it, or with Shift the range from the last one. */
  click: (id: string, shift: boolean) => void;
  toggle: (id: string) => void;
  set: (ids: Iterable<string>) => void;
  clear: () => void;
};

const Ctx = createContext<ThreadSelection | null>(null);

export function ThreadSelectionProvider({ order, children }: { order: () => string[]; children: ReactNode }) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | null>(null);

  const toggle = useCallback((id: string) => {
    anchor.current = id;
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  const click = useCallback(
    (id: string, shift: boolean) => {
      const ids = order();
      const from = anchor.current ? ids.indexOf(anchor.current) : -1;
      const to = ids.indexOf(id);
      if (!shift || from < 0 || to < 0) return toggle(id);
      const [a, b] = from < to ? [from, to] : [to, from];
      setSelected((s) => new Set([...s, ...ids.slice(a, b + 1)]));
    },
    [order, toggle],
  );

  const value = useMemo<ThreadSelection>(
    () => ({
      selected,
      active: selected.size > 0,
      click,
      toggle,
      set: (ids) => setSelected(new Set(ids)),
      clear: () => {
        anchor.current = null;
        setSelected(new Set());
      },
    }),
    [selected, click, toggle],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

const NONE: ThreadSelection = { selected: new Set(), active: false, click: () => {}, toggle: () => {}, set: () => {}, clear: () => {} };

/** The sidebar's selection; outside the sidebar (a chat shown elsewhere) nothing is selectable. */
export function useThreadSelection(): ThreadSelection {
  return useContext(Ctx) ?? NONE;
}
