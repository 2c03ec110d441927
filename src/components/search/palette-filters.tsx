"use client";

import { useQuery } from "@tanstack/react-query";
import { ArchiveIcon, BotIcon, CalendarIcon, ChevronDownIcon, CpuIcon, FolderIcon, PinIcon, XIcon } from "lucide-react";
import type { ComponentType, ReactNode } from "react";
import { DropdownMenu, DropdownMenuContent, DropdownMenuRadioGroup, DropdownMenuRadioItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import type { SearchFilters } from "@/lib/schemas/search";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/client";

/** The date filter's choices: how many days back, from the moment one is picked. */
const DATES = [
  { id: "week", label: "Past week", days: 7 },
  { id: "month", label: "Past month", days: 30 },
  { id: "year", label: "Past year", days: 365 },
] as const;
export type DatePreset = (typeof DATES)[number]["id"];

export type PaletteFilterState = { filters: SearchFilters; date: DatePreset | null };
export const NO_FILTERS: PaletteFilterState = { filters: {}, date: null };

export const hasFilters = (s: PaletteFilterState) => Object.values(s.filters).some((v) => v !== undefined);

const ANY = "__any__";

function chipClass(active: boolean) {
  return cn(
    "inline-flex h-7 shrink-0 items-center gap-1 rounded-full border px-2.5 text-xs font-medium transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring/50",
    active ? "border-brand/50 bg-brand/10 text-foreground dark:bg-brand/20" : "border-border text-muted-foreground hover:bg-accent hover:text-foreground",
  );
}

function Toggle({ active, onClick, icon: Icon, children, testId }: { active: boolean; onClick: () => void; icon: ComponentType<{ className?: string }>; children: ReactNode; testId: string }) {
  return (
    <button type="button" data-testid={testId} aria-pressed={active} className={chipClass(active)} onClick={onClick}>
      <Icon className="size-3.5" aria-hidden />
      {children}
    </button>
  );
}

function Choice({
  label,
  anyLabel,
  icon: Icon,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  anyLabel: string;
  icon: ComponentType<{ className?: string }>;
  value: string | undefined;
  options: { id: string; label: string }[];
  onChange: (id: string | undefined) => void;
  testId: string;
}) {
  const chosen = options.find((o) => o.id === value);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger data-testid={testId} className={chipClass(chosen !== undefined)}>
        <Icon className="size-3.5" aria-hidden />
        <span className="max-w-32 truncate">{chosen?.label ?? label}</span>
        <ChevronDownIcon className="size-3 opacity-60" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="max-h-72 min-w-44 overflow-y-auto">
        <DropdownMenuRadioGroup value={value ?? ANY} onValueChange={(v) => onChange(v === ANY ? undefined : v)}>
          <DropdownMenuRadioItem value={ANY}>{anyLabel}</DropdownMenuRadioItem>
          {options.length > 0 && <DropdownMenuSeparator />}
          {options.map((o) => (
            <DropdownMenuRadioItem key={o.id} value={o.id} data-testid={`${testId}-option`}>
              <span className="truncate">{o.label}</span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/**
 * The palette's search filters (threads.search's): pinned, archived, folder, Sidekiq, model and
 * a date range, as chips under the search box. The lists behind them load when the palette opens.
 */
export function PaletteFilters({ state, onChange }: { state: PaletteFilterState; onChange: (next: PaletteFilterState) => void }) {
  const trpc = useTRPC();
  const folders = useQuery(trpc.folders.list.queryOptions());
  const sidekiqs = useQuery(trpc.sidekiqs.pickable.queryOptions({ query: "" }));
  const models = useQuery(trpc.models.list.queryOptions());
  const { filters } = state;
  const set = (patch: Partial<SearchFilters>) => onChange({ ...state, filters: { ...filters, ...patch } });
  // The filters that pick one of a list: which filter, its chip, and the choices.
  const lists = [
    { key: "folderId", name: "folder", label: "Folder", any: "Any folder", icon: FolderIcon, options: (folders.data ?? []).map((f) => ({ id: f.id, label: f.name })) },
    { key: "sidekiqId", name: "sidekiq", label: "Sidekiq", any: "Any Sidekiq", icon: BotIcon, options: (sidekiqs.data ?? []).map((k) => ({ id: k.id, label: k.name })) },
    { key: "modelId", name: "model", label: "Model", any: "Any model", icon: CpuIcon, options: (models.data?.models ?? []).map((m) => ({ id: m.id, label: m.label })) },
  ] as const;

  return (
    <div data-testid="palette-filters" className="flex flex-wrap items-center gap-1.5 border-b px-3 py-2">
      <Toggle testId="palette-filter-pinned" active={filters.pinned === true} icon={PinIcon} onClick={() => set({ pinned: filters.pinned ? undefined : true })}>
        Pinned
      </Toggle>
      <Toggle testId="palette-filter-archived" active={filters.archived === true} icon={ArchiveIcon} onClick={() => set({ archived: filters.archived ? undefined : true })}>
        Archived
      </Toggle>
      {lists.map((l) => (
        <Choice key={l.key} testId={`palette-filter-${l.name}`} label={l.label} anyLabel={l.any} icon={l.icon} value={filters[l.key]} options={l.options} onChange={(id) => set({ [l.key]: id })} />
      ))}
      <Choice
        testId="palette-filter-date"
        label="Any time"
        anyLabel="Any time"
        icon={CalendarIcon}
        value={state.date ?? undefined}
        options={DATES.map((d) => ({ id: d.id, label: d.label }))}
        onChange={(id) => {
          const preset = DATES.find((d) => d.id === id);
          // The start is fixed when it is picked: one computed at each render would be a new query each time.
          const from = preset ? new Date(Date.now() - preset.days * 86_400_000).toISOString() : undefined;
          onChange({ filters: { ...filters, from, to: undefined }, date: preset?.id ?? null });
        }}
      />
      {hasFilters(state) && (
        <button type="button" data-testid="palette-filters-clear" className="ml-auto inline-flex h-7 shrink-0 items-center gap-1 rounded-full px-2 text-xs text-muted-foreground hover:text-foreground" onClick={() => onChange(NO_FILTERS)}>
          <XIcon className="size-3.5" aria-hidden />
          Clear
        </button>
      )}
    </div>
  );
}
