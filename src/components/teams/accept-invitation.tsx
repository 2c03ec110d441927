"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, MailCheckIcon, UsersIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { PageFrame } from "@/components/sidekiqs/page-frame";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth-client";
import { useTRPC } from "@/trpc/client";

/** Better Auth's codes for "verify your address first" (with mail configured). */
const NEEDS_VERIFIED_EMAIL = /EMAIL_VERIFICATION_REQUIRED/;

class InvitationError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * /invite/{id}: the invited address, signed in, joins the team. Anyone else is told why not. With
 * mail configured the address must be verified first (its link proves the mailbox is yours);
 * without mail the link is the only secret, and the page says so.
 */
export function AcceptInvitation({ invitationId }: { invitationId: string }) {
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mail = useQuery(trpc.teams.list.queryOptions());
  const invitation = useQuery({
    queryKey: ["invitation", invitationId],
    queryFn: async () => {
      const { data, error: e } = await authClient.organization.getInvitation({ query: { id: invitationId } });
      if (e || !data) throw new InvitationError(e?.message ?? "This invitation is not valid.", e?.code);
      return data;
    },
    retry: false,
  });

  async function accept() {
    setBusy(true);
    const { data, error: e } = await authClient.organization.acceptInvitation({ invitationId });
    setBusy(false);
    if (e || !data) return setError(e?.message ?? "Couldn't accept the invitation.");
    await queryClient.invalidateQueries(trpc.pathFilter());
    router.push(`/teams/${data.invitation.organizationId}`);
  }

  const code = invitation.error instanceof InvitationError ? invitation.error.code : undefined;
  if (code && NEEDS_VERIFIED_EMAIL.test(code)) {
    return (
      <PageFrame title="Team invitation">
        <VerifyFirst invitationId={invitationId} />
      </PageFrame>
    );
  }

  return (
    <PageFrame title="Team invitation">
      <div data-testid="invitation" className="flex max-w-lg flex-col gap-4 rounded-2xl border bg-card p-6">
        {invitation.isPending ? (
          <Loader2Icon className="size-5 animate-spin text-muted-foreground" aria-label="Loading" />
        ) : invitation.error ? (
          <p role="alert" className="text-sm text-muted-foreground">
            {invitation.error.message} It may have expired or been revoked, or it was sent to another address than the one you are signed in with.
          </p>
        ) : (
          <>
            <div className="flex items-center gap-3">
              <span className="flex size-11 items-center justify-center rounded-xl bg-brand-soft text-brand">
                <UsersIcon className="size-5" aria-hidden />
              </span>
              <div>
                <p className="font-medium">{invitation.data.organizationName}</p>
                <p className="text-sm text-muted-foreground">
                  {invitation.data.inviterEmail} invited {invitation.data.email} as {invitation.data.role}.
                </p>
              </div>
            </div>
            <Button variant="brand" data-testid="accept-invite" disabled={busy} onClick={() => void accept()}>
              {busy && <Loader2Icon className="animate-spin" aria-hidden />} Join the team
            </Button>
            {mail.data && !mail.data.mailConfigured && (
              <p data-testid="invite-link-secret" className="text-xs text-muted-foreground">
                This server sends no email, so this link is the invitation itself: whoever has it and signs in as {invitation.data.email} can join. Keep it to yourself.
              </p>
            )}
          </>
        )}
        {error && (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        )}
      </div>
    </PageFrame>
  );
}

/** The invited address is not verified yet: send (or send again) its verification mail, which leads back here. */
function VerifyFirst({ invitationId }: { invitationId: string }) {
  const { data: session } = authClient.useSession();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send() {
    if (!session) return;
    setBusy(true);
    const { error: e } = await authClient.sendVerificationEmail({ email: session.user.email, callbackURL: `/invite/${invitationId}` });
    setBusy(false);
    if (e) return setError(e.message ?? "Couldn't send the email.");
    setSent(true);
  }

  return (
    <div data-testid="invitation-verify" className="flex max-w-lg flex-col gap-4 rounded-2xl border bg-card p-6">
      <div className="flex items-center gap-3">
        <span className="flex size-11 items-center justify-center rounded-xl bg-brand-soft text-brand">
          <MailCheckIcon className="size-5" aria-hidden />
        </span>
        <div>
          <p className="font-medium">Confirm your email first</p>
          <p className="text-sm text-muted-foreground">
            Invitations go to an email address, so joining needs proof that {session ? session.user.email : "it"} is yours. Open the link we email you; it brings you back here.
          </p>
        </div>
      </div>
      {sent ? (
        <p role="status" className="text-sm">
          Sent. Check your inbox for a message from Sidekiq.
        </p>
      ) : (
        <Button variant="brand" data-testid="send-verification" disabled={busy || !session} onClick={() => void send()}>
          {busy && <Loader2Icon className="animate-spin" aria-hidden />} Email me the link
        </Button>
      )}
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
