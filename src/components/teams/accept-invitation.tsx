"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, UsersIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { PageFrame } from "@/components/sidekiqs/page-frame";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth-client";
import { useTRPC } from "@/trpc/client";

/** /invite/{id}: the invited address, signed in, joins the team. Anyone else is told why not. */
export function AcceptInvitation({ invitationId }: { invitationId: string }) {
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const invitation = useQuery({
    queryKey: ["invitation", invitationId],
    queryFn: async () => {
      const { data, error: e } = await authClient.organization.getInvitation({ query: { id: invitationId } });
      if (e || !data) throw new Error(e?.message ?? "This invitation is not valid.");
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
