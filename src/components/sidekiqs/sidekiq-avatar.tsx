import { cn } from "@/lib/utils";

type Props = { emoji: string; color: string; className?: string };

/** A Sidekiq's face: its emoji on its colour. */
export function SidekiqAvatar({ emoji, color, className }: Props) {
  return (
    <span
      aria-hidden
      data-testid="sidekiq-avatar"
      className={cn("inline-flex size-9 shrink-0 items-center justify-center rounded-xl text-lg leading-none", className)}
      style={{ backgroundColor: `${color}26`, boxShadow: `inset 0 0 0 1px ${color}40` }}
    >
      {emoji}
    </span>
  );
}
