import { cn } from "@/lib/utils";

/** The Sidekiq logo: a soft brand-coloured tile with a spark. */
export function BrandMark({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex size-7 items-center justify-center rounded-lg bg-brand text-brand-foreground shadow-sm",
        className,
      )}
    >
      <svg viewBox="0 0 24 24" className="size-[60%]" fill="currentColor">
        <path d="M12 2.5c.4 0 .7.3.8.7l1.1 4.4a3 3 0 0 0 2.2 2.2l4.4 1.1a.8.8 0 0 1 0 1.6l-4.4 1.1a3 3 0 0 0-2.2 2.2l-1.1 4.4a.8.8 0 0 1-1.6 0l-1.1-4.4a3 3 0 0 0-2.2-2.2l-4.4-1.1a.8.8 0 0 1 0-1.6l4.4-1.1a3 3 0 0 0 2.2-2.2l1.1-4.4c.1-.4.4-.7.8-.7Z" />
      </svg>
    </span>
  );
}
