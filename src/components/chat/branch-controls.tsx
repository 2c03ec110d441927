"use client";

import { ChevronLeftIcon, ChevronRightIcon, GitBranchPlusIcon, PencilIcon, RefreshCwIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Textarea } from "@/components/ui/textarea";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { ModelInfo } from "@/lib/models";
import { cn } from "@/lib/utils";

const iconButton =
  "flex size-7 items-center justify-center rounded-md outline-none transition-colors hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/50 disabled:pointer-events-none disabled:opacity-40";

/** ‹ 2/3 ›: the versions of a message (its siblings), and arrows to switch between them. */
export function BranchSwitcher({ index, count, onSwitch, disabled }: { index: number; count: number; onSwitch: (index: number) => void; disabled?: boolean }) {
  return (
    <div className="flex items-center text-xs tabular-nums text-muted-foreground" data-testid="branch-switcher" role="group" aria-label="Versions of this message">
      <button type="button" className={iconButton} aria-label="Previous version" data-testid="branch-prev" disabled={disabled || index === 0} onClick={() => onSwitch(index - 1)}>
        <ChevronLeftIcon className="size-3.5" />
      </button>
      <span data-testid="branch-position" aria-live="polite" className="min-w-8 text-center">
        {index + 1}/{count}
      </span>
      <button type="button" className={iconButton} aria-label="Next version" data-testid="branch-next" disabled={disabled || index === count - 1} onClick={() => onSwitch(index + 1)}>
        <ChevronRightIcon className="size-3.5" />
      </button>
    </div>
  );
}

/** One of the row's icon buttons, with its label as the tooltip. */
function IconAction({ testId, label, icon, onClick, disabled }: { testId: string; label: string; icon: React.ReactNode; onClick: () => void; disabled?: boolean }) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <button type="button" data-testid={testId} aria-label={label} className={iconButton} disabled={disabled} onClick={onClick}>
          {icon}
        </button>
      </TooltipTrigger>
      <TooltipContent>{label}</TooltipContent>
    </Tooltip>
  );
}

export const EditButton = (p: { onClick: () => void; disabled?: boolean }) => <IconAction testId="edit-button" label="Edit message" icon={<PencilIcon className="size-3.5" />} {...p} />;

export const ForkButton = (p: { onClick: () => void; disabled?: boolean }) => (
  <IconAction testId="fork-button" label="Branch off in a new thread" icon={<GitBranchPlusIcon className="size-3.5" />} {...p} />
);

/** Regenerate: again with the same model, or with another one picked from the menu. */
export function RegenerateMenu({ models, modelId, onRegenerate, disabled }: { models?: ModelInfo[]; modelId?: string; onRegenerate: (modelId: string) => void; disabled?: boolean }) {
  const current = models?.find((m) => m.id === modelId) ?? models?.[0];
  return (
    <DropdownMenu>
      <Tooltip>
        <TooltipTrigger asChild>
          <DropdownMenuTrigger asChild disabled={disabled || !current}>
            <button type="button" data-testid="regenerate-button" aria-label="Regenerate" className={cn(iconButton, "data-[state=open]:bg-accent")}>
              <RefreshCwIcon className="size-3.5" />
            </button>
          </DropdownMenuTrigger>
        </TooltipTrigger>
        <TooltipContent>Regenerate</TooltipContent>
      </Tooltip>
      <DropdownMenuContent align="start" className="w-64" data-testid="regenerate-menu">
        {current && (
          <DropdownMenuItem data-testid="regenerate-same" onSelect={() => onRegenerate(current.id)}>
            <RefreshCwIcon className="size-3.5" aria-hidden />
            Try again
            <span className="ml-auto truncate pl-2 text-xs text-muted-foreground">{current.label}</span>
          </DropdownMenuItem>
        )}
        {models && models.length > 1 && (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">Try with another model</DropdownMenuLabel>
            {models
              .filter((m) => m.id !== current?.id)
              .map((m) => (
                <DropdownMenuItem key={m.id} data-testid="regenerate-model" data-model-id={m.id} onSelect={() => onRegenerate(m.id)}>
                  {m.label}
                </DropdownMenuItem>
              ))}
          </>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** A user message being edited in place: Send makes a new version beside it. */
export function MessageEditor({ initial, onSave, onCancel }: { initial: string; onSave: (text: string) => void; onCancel: () => void }) {
  const [text, setText] = useState(initial);
  const trimmed = text.trim();
  const save = () => trimmed && onSave(text);
  return (
    <div className="ml-auto flex w-full max-w-[85%] flex-col gap-2 rounded-2xl border bg-background p-2 shadow-sm sm:max-w-[75%]" data-testid="message-editor">
      <Textarea
        autoFocus
        aria-label="Edit your message"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          }
          if (e.key === "Escape") onCancel();
        }}
        className="max-h-64 min-h-20 resize-none border-0 shadow-none focus-visible:ring-0"
      />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" data-testid="edit-send" disabled={!trimmed} onClick={save}>
          Send
        </Button>
      </div>
    </div>
  );
}
