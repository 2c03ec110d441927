import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SidekiqPage } from "@/components/sidekiqs/sidekiq-page";
import { HydrateClient } from "@/trpc/server";
import { loadSidekiq } from "./load";

type Props = { params: Promise<{ sidekiqId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const sidekiq = await loadSidekiq((await params).sidekiqId).catch(() => undefined);
  return { title: sidekiq ? `${sidekiq.name} · Sidekiq` : "Sidekiq" };
}

export default async function SidekiqDetailPage({ params }: Props) {
  const { sidekiqId } = await params;
  const sidekiq = await loadSidekiq(sidekiqId);
  if (!sidekiq) notFound();
  return (
    <HydrateClient>
      <SidekiqPage sidekiqId={sidekiqId} />
    </HydrateClient>
  );
}
