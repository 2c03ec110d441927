"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { format } from "date-fns";
import { diffLines } from "diff";
import { RotateCcwIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { describeModel } from "@/lib/models";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/client";

type Version = { version: number; instructions: string; starters: string[]; defaultModelId: string | null };

/** What a version says, as text, so that any two can be compared line by line. */
function asText(v: Version): string {
  const starters = v.starters.length ? v.starters.map((s) => `- ${s}`).join("\n") : "(none)";
  return `${v.instructions}\n\nConversation starters:\n${starters}\n\nDefault model: ${v.defaultModelId ? describeModel(v.defaultModelId).label : "the chat's own"}\n`;
}

/** Every version, newest first; a diff between any two; restore (a new version equal to an old one). */
export function SidekiqVersions({ sidekiqId, canEdit }: { sidekiqId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.sidekiqs.versions.queryOptions({ sidekiqId }));
  const restore = useMutation(trpc.sidekiqs.restoreVersion.mutationOptions());
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({});
  if (!data) return null;
  const newest = data.items[0]?.version;
  const to = picked.to ?? newest;
  const from = picked.from ?? data.items[1]?.version ?? newest;
  const a = data.items.find((v) => v.version === from);
  const b = data.items.find((v) => v.version === to);
  const changes = a && b ? diffLines(asText(a), asText(b)) : [];

  return (
    <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
      <ol data-testid="version-list" className="flex flex-col gap-2">
        {data.items.map((v) => (
          <li key={v.version} data-testid="version" className="rounded-xl border bg-card p-3 text-sm">
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium">
                Version {v.version}
                {v.version === data.currentVersion && <span className="ml-2 rounded-full bg-brand/10 px-2 py-0.5 text-xs text-brand">current</span>}
              </span>
              {canEdit && v.version !== data.currentVersion && (
                <Button
                  size="sm"
                  variant="ghost"
                  className="h-7"
                  data-testid="restore-version"
                  disabled={restore.isPending}
                  onClick={() =>
                    void restore.mutateAsync({ sidekiqId, version: v.version }).then(() => {
                      setPicked({});
                      void queryClient.invalidateQueries(trpc.sidekiqs.pathFilter());
                    })
                  }
                >
                  <RotateCcwIcon className="size-3.5" aria-hidden /> Restore
                </Button>
              )}
            </div>
            <p className="mt-1 text-xs text-muted-foreground">
              {v.authorName ?? "Someone"} · {format(v.createdAt, "PP p")}
            </p>
            {v.note && <p className="mt-1 text-xs">{v.note}</p>}
          </li>
        ))}
      </ol>
      <section className="flex min-w-0 flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted-foreground">Compare</span>
          <VersionSelect label="From version" value={from} versions={data.items.map((v) => v.version)} onChange={(v) => setPicked((p) => ({ ...p, from: v }))} />
          <span className="text-muted-foreground">with</span>
          <VersionSelect label="To version" value={to} versions={data.items.map((v) => v.version)} onChange={(v) => setPicked((p) => ({ ...p, to: v }))} />
        </div>
        <pre data-testid="version-diff" className="scrollbar-thin max-h-[32rem] overflow-auto rounded-2xl border bg-muted/30 py-3 font-mono text-[13px] leading-relaxed">
          {changes.map((c, i) => (
            <span
              key={i}
              data-change={c.added ? "added" : c.removed ? "removed" : "same"}
              className={cn("block px-4 whitespace-pre-wrap", c.added && "bg-emerald-500/15 text-emerald-900 dark:text-emerald-200", c.removed && "bg-red-500/15 text-red-900 line-through decoration-red-500/40 dark:text-red-200")}
            >
              {c.value
                .replace(/\n$/, "")
                .split("\n")
                .map((line) => `${c.added ? "+ " : c.removed ? "− " : "  "}${line}`)
                .join("\n")}
            </span>
          ))}
          {from === to && <span className="block px-4 pt-2 text-xs text-muted-foreground">Pick two different versions to see what changed.</span>}
        </pre>
      </section>
    </div>
  );
}

function VersionSelect({ label, value, versions, onChange }: { label: string; value?: number; versions: number[]; onChange: (v: number) => void }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(Number(e.target.value))} className="h-8 rounded-lg border border-input bg-background px-2 text-sm dark:bg-input/20">
      {versions.map((v) => (
        <option key={v} value={v}>
          Version {v}
        </option>
      ))}
    </select>
  );
}
