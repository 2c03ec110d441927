"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Loader2Icon, MessageSquarePlusIcon, PlusIcon, SearchIcon, UsersIcon } from "lucide-react";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { SIDEKIQ_SORTS, SIDEKIQ_TABS } from "@/lib/schemas/sidekiq";
import { useTRPC } from "@/trpc/client";
import { PageFrame } from "./page-frame";
import { SidekiqAvatar } from "./sidekiq-avatar";

type Tab = (typeof SIDEKIQ_TABS)[number];
type Sort = (typeof SIDEKIQ_SORTS)[number];
const TAB_LABELS: Record<Tab, string> = { mine: "Mine", team: "My teams", public: "Public" };
const EMPTY: Record<Tab, string> = {
  mine: "You have no Sidekiqs yet. Make one: give it a name and instructions, and chat with it.",
  team: "No Sidekiqs are shared with your teams yet.",
  public: "No public Sidekiqs yet.",
};

/** /sidekiqs: mine, my teams' and public ones, searched, sorted and paged by keyset. */
export function SidekiqGallery() {
  const trpc = useTRPC();
  const [tab, setTab] = useState<Tab>("mine");
  const [sort, setSort] = useState<Sort>("recent");
  const [search, setSearch] = useState("");
  const query = useDeferredValue(search.trim());
  const list = useInfiniteQuery({
    ...trpc.sidekiqs.list.infiniteQueryOptions({ tab, sort, query, limit: 24 }, { getNextPageParam: (page) => page.nextCursor }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <PageFrame
      title="Sidekiqs"
      description="Assistants with their own instructions, for you, your team, or everyone."
      action={
        <Button asChild variant="brand" data-testid="new-sidekiq">
          <Link href="/sidekiqs/new">
            <PlusIcon aria-hidden /> New Sidekiq
          </Link>
        </Button>
      }
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <Tabs value={tab} onValueChange={(v) => setTab(v as Tab)}>
          <TabsList>
            {SIDEKIQ_TABS.map((t) => (
              <TabsTrigger key={t} value={t} data-testid={`tab-${t}`}>
                {TAB_LABELS[t]}
              </TabsTrigger>
            ))}
          </TabsList>
        </Tabs>
        <div className="relative flex-1">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search by name or description" aria-label="Search Sidekiqs" data-testid="sidekiq-search" className="h-9 pl-9" />
        </div>
        <label className="flex items-center gap-2 text-sm text-muted-foreground">
          Sort
          <select
            value={sort}
            onChange={(e) => setSort(e.target.value as Sort)}
            data-testid="sidekiq-sort"
            className="h-9 rounded-lg border border-input bg-background px-2 text-sm text-foreground dark:bg-input/20"
          >
            <option value="recent">Recently used</option>
            <option value="popular">Most people</option>
          </select>
        </label>
      </div>

      {list.isPending ? (
        <div className="flex justify-center py-16 text-muted-foreground">
          <Loader2Icon className="size-5 animate-spin" aria-label="Loading" />
        </div>
      ) : items.length === 0 ? (
        <p data-testid="gallery-empty" className="rounded-2xl border border-dashed px-6 py-12 text-center text-sm text-muted-foreground">
          {query ? `No Sidekiqs match “${query}”.` : EMPTY[tab]}
        </p>
      ) : (
        <ul data-testid="sidekiq-grid" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((s) => (
            <li key={s.id} data-testid="sidekiq-card" className="relative flex h-full flex-col gap-3 rounded-2xl border bg-card p-4 shadow-xs transition-colors focus-within:ring-2 focus-within:ring-ring/50 hover:bg-accent/50">
              <div className="flex items-center gap-3">
                <SidekiqAvatar emoji={s.avatarEmoji} color={s.avatarColor} image={{ sidekiqId: s.id, version: s.avatarImageVersion }} className="size-10" />
                <div className="min-w-0 flex-1">
                  {/* The name's link covers the card; the Chat button sits above it. */}
                  <Link href={`/sidekiqs/${s.id}`} className="block truncate font-medium outline-none after:absolute after:inset-0 after:rounded-2xl">
                    {s.name}
                  </Link>
                  <p className="truncate text-xs text-muted-foreground">
                    {s.visibility === "team" && s.teamName ? `${s.teamName} · ` : ""}by {s.authorName}
                  </p>
                </div>
                <Button asChild size="sm" variant="outline" className="relative z-10 h-8" data-testid="card-chat">
                  <Link href={`/?sidekiq=${s.id}`} aria-label={`Chat with ${s.name}`}>
                    <MessageSquarePlusIcon aria-hidden /> Chat
                  </Link>
                </Button>
              </div>
              {s.description && <p className="line-clamp-2 text-sm text-muted-foreground">{s.description}</p>}
              <p className="mt-auto flex items-center gap-1.5 text-xs text-muted-foreground">
                <UsersIcon className="size-3.5" aria-hidden />
                {s.userCount === 1 ? "1 person" : `${s.userCount.toLocaleString("en-US")} people`}
              </p>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <div className="flex justify-center">
          <Button variant="outline" data-testid="gallery-more" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {list.isFetchingNextPage && <Loader2Icon className="animate-spin" aria-hidden />}
            Show more
          </Button>
        </div>
      )}
    </PageFrame>
  );
}
