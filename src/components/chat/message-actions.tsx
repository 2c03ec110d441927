"use client";

import { format } from "date-fns";
import { CheckIcon, CopyIcon } from "lucide-react";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { useCopyToClipboard } from "@/hooks/use-copy-to-clipboard";
import { useHydrated } from "@/hooks/use-hydrated";
import { describeModel } from "@/lib/models";
import { cn } from "@/lib/utils";

type Props = {
  text: string;
  modelId?: string;
  createdAt?: string;
  sidekiqVersion?: number;
  align: "start" | "end";
  className?: string;
  /** Before copy (the ‹n/m› arrows) and after it (edit, regenerate, fork). */
  leading?: React.ReactNode;
  children?: React.ReactNode;
};

/** The row under a message: its versions, copy, what else can be done with it, and for replies the model and the time. */
export function MessageActions({ text, modelId, createdAt, sidekiqVersion, align, className, leading, children }: Props) {
  const { copied, copy } = useCopyToClipboard();
  // Times are local to the reader, so they wait for the browser instead of using the server's zone.
  const hydrated = useHydrated();
  const date = createdAt ? new Date(createdAt) : undefined;

  return (
    <div className={cn("flex items-center gap-1 text-xs text-muted-foreground", align === "end" && "justify-end", className)}>
      {leading}
      <Tooltip>
        <TooltipTrigger asChild>
          <button
            type="button"
            data-testid="copy-button"
            aria-label={copied ? "Copied" : "Copy message"}
            onClick={() => copy(text)}
            className="flex size-7 items-center justify-center rounded-md outline-none transition-colors hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/50"
          >
            {copied ? <CheckIcon className="size-3.5" /> : <CopyIcon className="size-3.5" />}
          </button>
        </TooltipTrigger>
        <TooltipContent>{copied ? "Copied" : "Copy"}</TooltipContent>
      </Tooltip>
      {children}
      {modelId && (
        <span className="truncate px-1" data-testid="reply-model" title={sidekiqVersion ? `Answered with version ${sidekiqVersion} of the Sidekiq` : undefined}>
          {describeModel(modelId).label}
        </span>
      )}
      {modelId && date && hydrated && <span aria-hidden>·</span>}
      {date && hydrated && (
        <time dateTime={createdAt} title={format(date, "PPpp")} className="px-1 tabular-nums">
          {format(date, "p")}
        </time>
      )}
    </div>
  );
}
