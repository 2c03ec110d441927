/** The app's keyboard shortcuts: one list, for the handlers and for the help dialog (Ctrl/Cmd+/). */

type Match = (e: KeyboardEvent) => boolean;
const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const key = (e: KeyboardEvent, k: string) => e.key.toLowerCase() === k;

export const SHORTCUTS = {
  "new-chat": { label: "New chat", keys: ["Mod", "Shift", "O"], match: ((e) => mod(e) && e.shiftKey && !e.altKey && key(e, "o")) as Match },
  search: { label: "Search chats and commands", keys: ["Mod", "K"], match: ((e) => mod(e) && !e.shiftKey && !e.altKey && key(e, "k")) as Match },
  "toggle-sidebar": { label: "Show or hide the sidebar", keys: ["Mod", "B"], match: ((e) => mod(e) && !e.shiftKey && !e.altKey && key(e, "b")) as Match },
  "focus-composer": { label: "Focus the message box", keys: ["Shift", "Esc"], match: ((e) => e.shiftKey && !mod(e) && e.key === "Escape") as Match },
  "copy-last-reply": { label: "Copy the last reply", keys: ["Mod", "Shift", "C"], match: ((e) => mod(e) && e.shiftKey && !e.altKey && key(e, "c")) as Match },
  stop: { label: "Stop generating", keys: ["Esc"], match: ((e) => e.key === "Escape" && !e.shiftKey && !mod(e)) as Match },
  "conversation-map": { label: "Open the conversation map", keys: ["Mod", "Shift", "E"], match: ((e) => mod(e) && e.shiftKey && !e.altKey && key(e, "e")) as Match },
  help: { label: "Keyboard shortcuts", keys: ["Mod", "/"], match: ((e) => mod(e) && !e.altKey && (e.key === "/" || e.code === "Slash")) as Match },
} as const;

export type ShortcutId = keyof typeof SHORTCUTS;

export const isShortcut = (id: ShortcutId, e: KeyboardEvent) => SHORTCUTS[id].match(e);

/** "Mod" as this platform says it. */
export function keyLabel(k: string, mac: boolean): string {
  if (k === "Mod") return mac ? "⌘" : "Ctrl";
  if (k === "Shift" && mac) return "⇧";
  return k;
}
