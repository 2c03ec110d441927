import { BookOpenIcon, CodeIcon, LightbulbIcon, MailIcon } from "lucide-react";
import { BrandMark } from "@/components/brand-mark";
import { SidekiqAvatar } from "@/components/sidekiqs/sidekiq-avatar";

const SUGGESTIONS = [
  { icon: LightbulbIcon, label: "Brainstorm ideas", prompt: "Help me brainstorm ideas for " },
  { icon: BookOpenIcon, label: "Explain a concept", prompt: "Explain, in simple terms, how " },
  { icon: MailIcon, label: "Draft an email", prompt: "Draft a short, friendly email to " },
  { icon: CodeIcon, label: "Review some code", prompt: "Review this code and suggest improvements:\n\n" },
];

/** A new chat's welcome: a greeting and a few starting points that fill the composer. */
export function EmptyState({ onSuggestion, hint }: { onSuggestion: (prompt: string) => void; hint?: string }) {
  return (
    <div data-testid="empty-state" className="mx-auto flex w-full max-w-2xl flex-col items-center px-4 text-center">
      <BrandMark className="size-11 rounded-2xl" />
      <h1 className="mt-5 text-2xl font-semibold tracking-tight sm:text-[28px]">How can I help today?</h1>
      <p className="mt-2 text-[15px] text-muted-foreground">Ask anything, or start from one of these.</p>
      {hint && <p className="mt-1 text-sm text-muted-foreground/80">{hint}</p>}
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

type WelcomeSidekiq = { id: string; avatarImageVersion: number | null; name: string; description: string; avatarEmoji: string; avatarColor: string; starters: string[] };

/** A new chat with a Sidekiq: who it is, and its conversation starters. */
export function SidekiqWelcome({ sidekiq, onStarter }: { sidekiq: WelcomeSidekiq; onStarter: (prompt: string) => void }) {
  return (
    <div data-testid="sidekiq-welcome" className="mx-auto flex w-full max-w-2xl flex-col items-center px-4 text-center">
      <SidekiqAvatar emoji={sidekiq.avatarEmoji} color={sidekiq.avatarColor} image={{ sidekiqId: sidekiq.id, version: sidekiq.avatarImageVersion }} className="size-14 rounded-2xl text-3xl" />
      <h1 className="mt-5 text-2xl font-semibold tracking-tight sm:text-[28px]">{sidekiq.name}</h1>
      {sidekiq.description && <p className="mt-2 max-w-lg text-[15px] text-muted-foreground">{sidekiq.description}</p>}
      {sidekiq.starters.length > 0 && (
        <div className="mt-8 grid w-full max-w-xl gap-2 sm:grid-cols-2">
          {sidekiq.starters.map((starter) => (
            <button
              key={starter}
              type="button"
              data-testid="starter"
              onClick={() => onStarter(starter)}
              className="rounded-2xl border bg-card px-4 py-3 text-left text-sm text-foreground/85 shadow-xs outline-none transition-colors hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/50"
            >
              {starter}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
