"use client";

import { CheckIcon, ChevronDownIcon } from "lucide-react";
import { useState } from "react";
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Skeleton } from "@/components/ui/skeleton";
import type { ModelInfo, ProviderId } from "@/lib/models";
import { cn } from "@/lib/utils";

const PROVIDER_LABELS: Record<ProviderId, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google",
  openrouter: "OpenRouter",
  gateway: "Vercel AI Gateway",
  "openai-compatible": "OpenAI-compatible",
};

const SEARCH_FROM = 8;

type Props = {
  models: ModelInfo[] | undefined;
  value: string | null;
  onChange: (modelId: string) => void;
  disabled?: boolean;
};

function groupByProvider(models: ModelInfo[]) {
  const groups = new Map<ProviderId, ModelInfo[]>();
  for (const m of models) groups.set(m.provider, [...(groups.get(m.provider) ?? []), m]);
  return [...groups.entries()];
}

export function ModelPicker({ models, value, onChange, disabled }: Props) {
  const [open, setOpen] = useState(false);
  if (!models) return <Skeleton className="h-8 w-32 rounded-full" />;
  const selected = models.find((m) => m.id === value);

  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger
        data-testid="model-picker"
        disabled={disabled || models.length === 0}
        aria-label={`Model: ${selected?.label ?? "none"}`}
        className="flex h-8 max-w-full items-center gap-1.5 rounded-full px-3 text-sm text-muted-foreground outline-none transition-colors hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/50 disabled:pointer-events-none disabled:opacity-50 data-[state=open]:bg-accent data-[state=open]:text-foreground"
      >
        <span className="truncate">{selected?.label ?? "No model"}</span>
        <ChevronDownIcon className="size-3.5 shrink-0 opacity-70" aria-hidden />
      </PopoverTrigger>
      <PopoverContent side="top" className="w-[min(20rem,calc(100vw-2rem))] p-0">
        <Command loop>
          {models.length >= SEARCH_FROM && <CommandInput placeholder="Search models…" aria-label="Search models" />}
          <CommandList>
            <CommandEmpty>No matching model.</CommandEmpty>
            {groupByProvider(models).map(([provider, list]) => (
              <CommandGroup key={provider} heading={PROVIDER_LABELS[provider] ?? provider}>
                {list.map((model) => (
                  <CommandItem
                    key={model.id}
                    value={`${model.label} ${model.id}`}
                    data-testid="model-option"
                    data-model-id={model.id}
                    onSelect={() => {
                      onChange(model.id);
                      setOpen(false);
                    }}
                  >
                    <ModelLabel model={model} />
                    {model.isDefault && <span className="text-[11px] text-muted-foreground">default</span>}
                    <CheckIcon className={cn("size-4 text-brand", model.id === value ? "opacity-100" : "opacity-0")} aria-hidden />
                  </CommandItem>
                ))}
              </CommandGroup>
            ))}
          </CommandList>
        </Command>
      </PopoverContent>
    </Popover>
  );
}

function ModelLabel({ model }: { model: ModelInfo }) {
  const name = model.id.slice(model.id.indexOf(":") + 1);
  return (
    <span className="min-w-0 flex-1">
      <span className="block truncate">{model.label}</span>
      {name !== model.label && <span className="block truncate text-xs text-muted-foreground">{name}</span>}
    </span>
  );
}
