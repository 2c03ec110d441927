import type { Metadata } from "next";
import { TeamList } from "@/components/teams/team-list";

export const metadata: Metadata = { title: "Teams · Sidekiq" };

export default function TeamsPage() {
  return <TeamList />;
}
