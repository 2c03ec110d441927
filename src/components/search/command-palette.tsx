"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { BotIcon, KeyboardIcon, Loader2Icon, MessageSquareIcon, MoonIcon, SquarePenIcon, SunIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTheme } from "next-themes";
import { useEffect, useMemo, useState } from "react";
import { useDebounce } from "use-debounce";
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { useNewChat } from "@/hooks/use-new-chat";
import { snippetPieces } from "@/lib/schemas/search";
import { isShortcut } from "@/lib/shortcuts";
import { openShortcuts } from "@/components/shortcuts/shortcuts-dialog";
import { SidekiqAvatar } from "@/components/sidekiqs/sidekiq-avatar";
import { useTRPC } from "@/trpc/client";
import { hasFilters, NO_FILTERS, PaletteFilters, type PaletteFilterState } from "./palette-filters";

const DEBOUNCE_MS = 150;
/** The Sidekiqs offered beside the results: the ones matching the query, or the recent ones. */
const SIDEKIQS_SHOWN = 4;
const OPEN_EVENT = "sidekiq:open-command-palette";

/** Opens the palette from anywhere (the sidebar's Search). */
export const openCommandPalette = () => window.dispatchEvent(new Event(OPEN_EVENT));

type Item = { threadId: string; messageId: string | null; title: string | null; snippet: string; createdAt: string };

/** The results of one thread together, in the order of its best match. */
function byThread(items: Item[]): { threadId: string; title: string; items: Item[] }[] {
  const groups = new Map<string, { threadId: string; title: string; items: Item[] }>();
  for (const item of items) {
    let group = groups.get(item.threadId);
    if (!group) groups.set(item.threadId, (group = { threadId: item.threadId, title: item.title || "New chat", items: [] }));
    group.items.push(item);
  }
  return [...groups.values()];
}

function Snippet({ snippet }: { snippet: string }) {
  return (
    <span className="line-clamp-2 text-muted-foreground">
      {snippetPieces(snippet).map((p, i) =>
        p.match ? (
          <mark key={i} className="rounded-sm bg-brand/20 px-0.5 text-foreground dark:bg-brand/35">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </span>
  );
}

/**
 * The command palette: search every chat (titles and messages, on every branch) as you type, and
 * the app's commands. Opening a message goes to its thread, on its branch, scrolled to it.
 */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [filterState, setFilterState] = useState<PaletteFilterState>(NO_FILTERS);
  const [debounced] = useDebounce(query.trim(), DEBOUNCE_MS);
  const trpc = useTRPC();
  const router = useRouter();
  const newChat = useNewChat();
  const { resolvedTheme, setTheme } = useTheme();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isShortcut("search", e)) return;
      e.preventDefault();
      setOpen((o) => !o);
    };
    const onOpen = () => setOpen(true);
    window.addEventListener("keydown", onKey);
    window.addEventListener(OPEN_EVENT, onOpen);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener(OPEN_EVENT, onOpen);
    };
  }, []);

  // A new query supersedes the last: TanStack Query aborts the request nobody reads any more.
  const results = useQuery({
    ...trpc.threads.search.queryOptions({ query: debounced, filters: hasFilters(filterState) ? filterState.filters : undefined }),
    enabled: open && debounced.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const groups = useMemo(() => (debounced ? byThread(results.data?.items ?? []) : []), [debounced, results.data]);
  const searching = query.trim().length > 0 && (results.isFetching || query.trim() !== debounced);
  // Chat with a Sidekiq straight from here: the `@` picker's list (its own, its teams', the used ones).
  const sidekiqs = useQuery({ ...trpc.sidekiqs.pickable.queryOptions({ query: debounced }), enabled: open, placeholderData: keepPreviousData, staleTime: 30_000 });
  const shownSidekiqs = (sidekiqs.data ?? []).slice(0, SIDEKIQS_SHOWN);

  const reset = () => {
    setQuery("");
    setFilterState(NO_FILTERS);
  };
  const run = (action: () => void) => {
    setOpen(false);
    reset();
    action();
  };
  const openItem = (item: Item) => run(() => router.push(item.messageId ? `/chat/${item.threadId}?m=${item.messageId}` : `/chat/${item.threadId}`));

  const commands = [
    { id: "new-chat", label: "New chat", icon: SquarePenIcon, keywords: ["start", "create"], action: newChat },
    {
      id: "theme",
      label: resolvedTheme === "dark" ? "Switch to light theme" : "Switch to dark theme",
      icon: resolvedTheme === "dark" ? SunIcon : MoonIcon,
      keywords: ["theme", "dark", "light", "appearance"],
      action: () => setTheme(resolvedTheme === "dark" ? "light" : "dark"),
    },
    { id: "sidekiqs", label: "Open a Sidekiq", icon: BotIcon, keywords: ["sidekiq", "assistant", "gallery"], action: () => router.push("/sidekiqs") },
    { id: "shortcuts", label: "Keyboard shortcuts", icon: KeyboardIcon, keywords: ["keys", "help", "hotkeys"], action: openShortcuts },
  ];
  const q = query.trim().toLowerCase();
  const shownCommands = q ? commands.filter((c) => [c.label, ...c.keywords].some((k) => k.toLowerCase().includes(q))) : commands;

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) reset();
      }}
    >
      <DialogContent data-testid="command-palette" className="top-[18%] translate-y-0 gap-0 overflow-hidden p-0 sm:max-w-xl" showCloseButton={false}>
        <DialogTitle className="sr-only">Search chats and commands</DialogTitle>
        <DialogDescription className="sr-only">Type to search every chat; pick a result to open it.</DialogDescription>
        {/* The server ranks the results: cmdk's own filtering stays off. */}
        <Command shouldFilter={false} className="rounded-none">
          <div className="relative">
            <CommandInput data-testid="palette-input" value={query} onValueChange={setQuery} placeholder="Search chats, or type a command…" />
            {searching && <Loader2Icon className="absolute top-3.5 right-3 size-4 animate-spin text-muted-foreground" aria-label="Searching" />}
          </div>
          <PaletteFilters state={filterState} onChange={setFilterState} />
          <CommandList className="max-h-[min(440px,65dvh)]">
            {q && !searching && groups.length === 0 && shownSidekiqs.length === 0 && shownCommands.length === 0 && <CommandEmpty>No chats match “{query.trim()}”.</CommandEmpty>}
            {groups.map((g) => (
              <CommandGroup key={g.threadId} heading={g.title} data-testid="palette-thread">
                {g.items.map((item) => (
                  <CommandItem
                    key={item.messageId ?? `title-${item.threadId}`}
                    value={item.messageId ?? `title-${item.threadId}`}
                    data-testid="palette-result"
                    data-thread-id={item.threadId}
                    data-message-id={item.messageId ?? undefined}
                    onSelect={() => openItem(item)}
                    className="items-start"
                  >
                    <MessageSquareIcon className="mt-0.5 text-muted-foreground" aria-hidden />
                    <span className="flex min-w-0 flex-1 flex-col gap-0.5">
                      {item.messageId ? <Snippet snippet={item.snippet} /> : <span className="font-medium"><Snippet snippet={item.snippet} /></span>}
                    </span>
                    <time className="shrink-0 text-xs text-muted-foreground" dateTime={item.createdAt}>
                      {new Date(item.createdAt).toLocaleDateString(undefined, { month: "short", day: "numeric" })}
                    </time>
                  </CommandItem>
                ))}
              </CommandGroup>
            ))}
            {shownSidekiqs.length > 0 && (
              <CommandGroup heading="Sidekiqs">
                {shownSidekiqs.map((k) => (
                  <CommandItem key={k.id} value={`sidekiq-${k.id}`} data-testid="palette-sidekiq" data-sidekiq-id={k.id} onSelect={() => run(() => router.push(`/?sidekiq=${k.id}`))}>
                    <SidekiqAvatar emoji={k.avatarEmoji} color={k.avatarColor} image={{ sidekiqId: k.id, version: k.avatarImageVersion }} className="size-6 rounded-md text-sm" />
                    <span className="min-w-0 flex-1 truncate">
                      Chat with <span className="font-medium">{k.name}</span>
                    </span>
                  </CommandItem>
                ))}
              </CommandGroup>
            )}
            {shownCommands.length > 0 && (
              <CommandGroup heading="Commands">
                {shownCommands.map((c) => (
                  <CommandItem key={c.id} value={`command-${c.id}`} data-testid={`palette-command-${c.id}`} onSelect={() => run(c.action)}>
                    <c.icon aria-hidden />
                    {c.label}
                  </CommandItem>
                ))}
              </CommandGroup>
            )}
          </CommandList>
        </Command>
      </DialogContent>
    </Dialog>
  );
}
