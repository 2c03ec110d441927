import { AcceptInvitation } from "@/components/teams/accept-invitation";

type Props = { params: Promise<{ invitationId: string }> };

export default async function InvitePage({ params }: Props) {
  return <AcceptInvitation invitationId={(await params).invitationId} />;
}
