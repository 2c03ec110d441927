import { TeamPage } from "@/components/teams/team-page";

type Props = { params: Promise<{ teamId: string }> };

export default async function TeamDetailPage({ params }: Props) {
  return <TeamPage teamId={(await params).teamId} />;
}
