import { PlugZapIcon } from "lucide-react";

const VARIABLES = [
  { name: "OPENAI_COMPATIBLE_BASE_URL", note: "Ollama, LM Studio or vLLM" },
  { name: "OPENAI_API_KEY", note: "OpenAI" },
  { name: "ANTHROPIC_API_KEY", note: "Anthropic" },
  { name: "GOOGLE_GENERATIVE_AI_API_KEY", note: "Google Gemini" },
  { name: "OPENROUTER_API_KEY", note: "OpenRouter" },
  { name: "AI_GATEWAY_API_KEY", note: "Vercel AI Gateway" },
];

const code = "rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]";

/** Shown when the server has no model provider configured: says exactly what to set. */
export function NoProviderNotice({ compact = false }: { compact?: boolean }) {
  if (compact) {
    return (
      <p
        data-testid="no-provider-notice"
        role="status"
        className="mx-auto flex w-full max-w-3xl items-start gap-2 rounded-xl border bg-card px-3.5 py-2.5 text-sm text-muted-foreground"
      >
        <PlugZapIcon className="mt-0.5 size-4 shrink-0 text-brand" aria-hidden />
        <span>
          No model provider is configured. Set <code className={code}>OPENAI_COMPATIBLE_BASE_URL</code> or one of{" "}
          {VARIABLES.slice(1).map((v, i) => (
            <span key={v.name}>
              {i > 0 && ", "}
              <code className={code}>{v.name}</code>
            </span>
          ))}
          , then restart Sidekiq.
        </span>
      </p>
    );
  }

  return (
    <section
      data-testid="no-provider-notice"
      aria-labelledby="no-provider-title"
      className="mx-auto w-full max-w-2xl rounded-2xl border bg-card p-5 shadow-sm sm:p-6"
    >
      <div className="flex items-start gap-3">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-xl bg-brand-soft text-brand">
          <PlugZapIcon className="size-4.5" aria-hidden />
        </span>
        <div className="min-w-0 space-y-1">
          <h2 id="no-provider-title" className="font-semibold tracking-tight">
            Connect a model provider
          </h2>
          <p className="text-sm text-muted-foreground">
            Sidekiq has no AI provider configured yet. Set at least one of these environment variables (for example in
            a <code className={code}>.env</code> file), then restart Sidekiq.
          </p>
        </div>
      </div>
      <dl className="mt-5 divide-y rounded-xl border text-sm">
        {VARIABLES.map((v) => (
          <div key={v.name} className="flex flex-col gap-0.5 px-3.5 py-2.5 sm:flex-row sm:items-baseline sm:gap-4">
            <dt className="font-mono text-[13px] font-medium break-all sm:shrink-0 sm:break-normal">{v.name}</dt>
            <dd className="text-muted-foreground sm:ml-auto sm:text-right">{v.note}</dd>
          </div>
        ))}
      </dl>
      <pre className="scrollbar-thin mt-4 overflow-x-auto rounded-xl bg-muted px-4 py-3 font-mono text-[13px] leading-6">
        {"# Local models, e.g. Ollama\nOPENAI_COMPATIBLE_BASE_URL=http://localhost:11434/v1\n\n# …or a hosted provider\nOPENAI_API_KEY=sk-…"}
      </pre>
    </section>
  );
}
