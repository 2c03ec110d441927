"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, UsersIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { PageFrame } from "@/components/sidekiqs/page-frame";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";
import { useTRPC } from "@/trpc/client";

const slugOf = (name: string) =>
  `${name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "team"}-${Math.random().toString(36).slice(2, 7)}`;

/** /teams: the caller's teams, and a new one. */
export function TeamList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.teams.list.queryOptions());
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create() {
    const trimmed = name.trim();
    if (!trimmed) return setError("Give the team a name.");
    setBusy(true);
    const { data: team, error: e } = await authClient.organization.create({ name: trimmed.slice(0, 80), slug: slugOf(trimmed) });
    setBusy(false);
    if (e || !team) return setError(e?.message ?? "Couldn't create the team.");
    await queryClient.invalidateQueries(trpc.teams.pathFilter());
    router.push(`/teams/${team.id}`);
  }

  return (
    <PageFrame title="Teams" description="Share Sidekiqs with the people you work with.">
      <form
        className="flex flex-col gap-2 rounded-2xl border bg-card p-4 sm:flex-row sm:items-center"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <Input aria-label="Team name" data-testid="team-name" placeholder="New team's name" value={name} onChange={(e) => (setName(e.target.value), setError(null))} maxLength={80} />
        <Button type="submit" variant="brand" data-testid="create-team" disabled={busy}>
          {busy && <Loader2Icon className="animate-spin" aria-hidden />} Create team
        </Button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <ul className="grid gap-3 sm:grid-cols-2">
        {data?.teams.map((t) => (
          <li key={t.id}>
            <Link href={`/teams/${t.id}`} data-testid="team-card" className="flex items-center gap-3 rounded-2xl border bg-card p-4 shadow-xs hover:bg-accent/50">
              <span className="flex size-10 items-center justify-center rounded-xl bg-brand-soft text-brand">
                <UsersIcon className="size-5" aria-hidden />
              </span>
              <span className="min-w-0">
                <span className="block truncate font-medium">{t.name}</span>
                <span className="block text-xs text-muted-foreground">
                  {t.memberCount === 1 ? "1 member" : `${t.memberCount} members`} · you are {t.role}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {data && data.teams.length === 0 && <p className="text-sm text-muted-foreground">You are not in a team yet.</p>}
    </PageFrame>
  );
}
