import { BookOpenIcon, CodeIcon, LightbulbIcon, MailIcon } from "lucide-react";
import { BrandMark } from "@/components/brand-mark";

const SUGGESTIONS = [
  { icon: LightbulbIcon, label: "Brainstorm ideas", prompt: "Help me brainstorm ideas for " },
  { icon: BookOpenIcon, label: "Explain a concept", prompt: "Explain, in simple terms, how " },
  { icon: MailIcon, label: "Draft an email", prompt: "Draft a short, friendly email to " },
  { icon: CodeIcon, label: "Review some code", prompt: "Review this code and suggest improvements:\n\n" },
];

/** A new chat's welcome: a greeting and a few starting points that fill the composer. */
export function EmptyState({ onSuggestion }: { onSuggestion: (prompt: string) => void }) {
  return (
    <div data-testid="empty-state" className="mx-auto flex w-full max-w-2xl flex-col items-center px-4 text-center">
      <BrandMark className="size-11 rounded-2xl" />
      <h1 className="mt-5 text-2xl font-semibold tracking-tight sm:text-[28px]">How can I help today?</h1>
      <p className="mt-2 text-[15px] text-muted-foreground">Ask anything, or start from one of these.</p>
      <div className="mt-8 flex flex-wrap justify-center gap-2">
        {SUGGESTIONS.map(({ icon: Icon, label, prompt }) => (
          <button
            key={label}
            type="button"
            data-testid="suggestion"
            onClick={() => onSuggestion(prompt)}
            className="flex items-center gap-2 rounded-full border bg-card px-3.5 py-2 text-sm text-foreground/85 shadow-xs outline-none transition-colors hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/50"
          >
            <Icon className="size-4 text-muted-foreground" aria-hidden />
            {label}
          </button>
        ))}
      </div>
    </div>
  );
}
