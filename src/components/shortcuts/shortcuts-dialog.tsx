"use client";

import { useEffect, useState } from "react";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { useShortcut } from "@/hooks/use-shortcut";
import { keyLabel, SHORTCUTS } from "@/lib/shortcuts";

const OPEN_EVENT = "sidekiq:open-shortcuts";
export const openShortcuts = () => window.dispatchEvent(new Event(OPEN_EVENT));

/** Ctrl/Cmd+/: the keyboard shortcuts. */
export function ShortcutsDialog() {
  const [open, setOpen] = useState(false);
  useShortcut("help", () => setOpen((o) => !o));
  const [mac] = useState(() => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform));
  useEffect(() => {
    const onOpen = () => setOpen(true);
    window.addEventListener(OPEN_EVENT, onOpen);
    return () => window.removeEventListener(OPEN_EVENT, onOpen);
  }, []);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent data-testid="shortcuts-dialog" className="sm:max-w-md">
        <DialogTitle>Keyboard shortcuts</DialogTitle>
        <DialogDescription className="sr-only">What each key combination does.</DialogDescription>
        <dl className="flex flex-col gap-2.5">
          {Object.entries(SHORTCUTS).map(([id, s]) => (
            <div key={id} className="flex items-center justify-between gap-4 text-sm" data-testid="shortcut-row">
              <dt>{s.label}</dt>
              <dd className="flex gap-1">
                {s.keys.map((k) => (
                  <kbd key={k} className="min-w-6 rounded border bg-muted px-1.5 py-0.5 text-center font-sans text-xs text-muted-foreground">
                    {keyLabel(k, mac)}
                  </kbd>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
