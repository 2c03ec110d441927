"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { format } from "date-fns";
import { CheckIcon, CopyIcon, LogOutIcon, MailIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { NotFoundMessage } from "@/components/not-found-message";
import { PageFrame } from "@/components/sidekiqs/page-frame";
import { SidekiqAvatar } from "@/components/sidekiqs/sidekiq-avatar";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useCopyToClipboard } from "@/hooks/use-copy-to-clipboard";
import { authClient } from "@/lib/auth-client";
import { useTRPC } from "@/trpc/client";

const ROLES = ["member", "admin", "owner"] as const;
type Role = (typeof ROLES)[number];
const inviteUrl = (id: string) => `${window.location.origin}/invite/${id}`;

/** A team: its members and their roles, invitations (a link to copy, mailed when SMTP is set up), and its Sidekiqs. */
export function TeamPage({ teamId }: { teamId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const page = useQuery({ ...trpc.teams.get.queryOptions({ teamId }), retry: false });
  const mail = useQuery(trpc.teams.list.queryOptions());
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [lastLink, setLastLink] = useState<string | null>(null);
  const { copied, copy } = useCopyToClipboard();
  const { data: session } = authClient.useSession();
  const refresh = () => queryClient.invalidateQueries(trpc.teams.pathFilter());

  if (page.error) return <NotFoundMessage />;
  if (!page.data) return null;
  const { team, members, invitations, sidekiqs, canManage } = page.data;
  const me = session?.user.id;

  async function act(run: () => Promise<{ error: { message?: string } | null }>, done?: string) {
    const { error } = await run();
    if (error) toast.error(error.message ?? "That didn't work.");
    else if (done) toast.success(done);
    await refresh();
  }

  async function invite() {
    const { data, error } = await authClient.organization.inviteMember({ email: email.trim(), role, organizationId: teamId });
    if (error || !data) return void toast.error(error?.message ?? "Couldn't invite.");
    setLastLink(inviteUrl(data.id));
    setEmail("");
    await refresh();
  }

  return (
    <PageFrame
      title={team.name}
      description={`You are ${team.role === "owner" ? "an owner" : `a ${team.role}`} of this team.`}
      action={
        <Button
          variant="outline"
          data-testid="leave-team"
          onClick={() =>
            void act(() => authClient.organization.leave({ organizationId: teamId }), "You left the team").then(() => router.push("/teams"))
          }
        >
          <LogOutIcon aria-hidden /> Leave
        </Button>
      }
    >
      {canManage && (
        <section className="flex flex-col gap-3 rounded-2xl border bg-card p-4">
          <h2 className="text-sm font-medium">Invite someone</h2>
          <form
            className="flex flex-col gap-2 sm:flex-row"
            onSubmit={(e) => {
              e.preventDefault();
              void invite();
            }}
          >
            <Input type="email" required aria-label="Email" data-testid="invite-email" placeholder="name@example.com" value={email} onChange={(e) => setEmail(e.target.value)} />
            <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} className="h-10 rounded-lg border border-input bg-background px-2 text-sm dark:bg-input/20">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <Button type="submit" variant="brand" data-testid="send-invite">
              <MailIcon aria-hidden /> Invite
            </Button>
          </form>
          <p className="text-xs text-muted-foreground">
            {mail.data?.mailConfigured ? "We email the invitation; you can also copy its link." : "Email is not set up on this server (SMTP_URL), so copy the link and send it yourself."} Only that address can accept, for 7 days.
          </p>
          {lastLink && (
            <div className="flex items-center gap-2 rounded-xl border bg-muted/40 p-2">
              <code data-testid="invite-link" className="min-w-0 flex-1 truncate text-xs">
                {lastLink}
              </code>
              <Button size="sm" variant="outline" data-testid="copy-invite" onClick={() => copy(lastLink)}>
                {copied ? <CheckIcon aria-hidden /> : <CopyIcon aria-hidden />} {copied ? "Copied" : "Copy link"}
              </Button>
            </div>
          )}
        </section>
      )}

      <section className="flex flex-col gap-2">
        <h2 className="text-sm font-medium text-muted-foreground">Members</h2>
        <ul className="divide-y rounded-2xl border bg-card" data-testid="team-members">
          {members.map((m) => (
            <li key={m.memberId} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium">
                  {m.name} {m.userId === me && <span className="text-muted-foreground">(you)</span>}
                </span>
                <span className="block truncate text-xs text-muted-foreground">{m.email}</span>
              </span>
              {canManage && m.userId !== me ? (
                <>
                  <select
                    aria-label={`Role of ${m.name}`}
                    value={m.role}
                    onChange={(e) => void act(() => authClient.organization.updateMemberRole({ memberId: m.memberId, role: e.target.value as Role, organizationId: teamId }), "Role changed")}
                    className="h-8 rounded-lg border border-input bg-background px-2 text-sm dark:bg-input/20"
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                  <Button size="icon-sm" variant="ghost" aria-label={`Remove ${m.name}`} data-testid="remove-member" onClick={() => void act(() => authClient.organization.removeMember({ memberIdOrEmail: m.memberId, organizationId: teamId }), `${m.name} was removed`)}>
                    <Trash2Icon />
                  </Button>
                </>
              ) : (
                <span className="text-xs text-muted-foreground">{m.role}</span>
              )}
            </li>
          ))}
        </ul>
      </section>

      {canManage && invitations.length > 0 && (
        <section className="flex flex-col gap-2">
          <h2 className="text-sm font-medium text-muted-foreground">Pending invitations</h2>
          <ul className="divide-y rounded-2xl border bg-card" data-testid="team-invitations">
            {invitations.map((inv) => (
              <li key={inv.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
                <span className="min-w-0 flex-1">
                  <span className="block truncate">{inv.email}</span>
                  <span className="block text-xs text-muted-foreground">
                    {inv.role ?? "member"} · expires {format(inv.expiresAt, "PP")}
                  </span>
                </span>
                <Button size="sm" variant="outline" onClick={() => copy(inviteUrl(inv.id))}>
                  <CopyIcon aria-hidden /> Copy link
                </Button>
                <Button size="sm" variant="ghost" data-testid="revoke-invite" onClick={() => void act(() => authClient.organization.cancelInvitation({ invitationId: inv.id }), "Invitation revoked")}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="flex flex-col gap-2">
        <h2 className="text-sm font-medium text-muted-foreground">The team's Sidekiqs</h2>
        {sidekiqs.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            None yet. Make a Sidekiq and choose “A team” under who can use it.{" "}
            <Link href="/sidekiqs/new" className="text-brand hover:underline">
              New Sidekiq
            </Link>
          </p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {sidekiqs.map((s) => (
              <li key={s.id}>
                <Link href={`/sidekiqs/${s.id}`} className="flex items-center gap-3 rounded-2xl border bg-card p-3 hover:bg-accent/50">
                  <SidekiqAvatar emoji={s.avatarEmoji} color={s.avatarColor} image={{ sidekiqId: s.id, version: s.avatarImageVersion }} />
                  <span className="min-w-0">
                    <span className="block truncate text-sm font-medium">{s.name}</span>
                    <span className="block truncate text-xs text-muted-foreground">by {s.authorName}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </PageFrame>
  );
}
