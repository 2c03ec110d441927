import type { Metadata } from "next";
import { SidekiqGallery } from "@/components/sidekiqs/sidekiq-gallery";

export const metadata: Metadata = { title: "Sidekiqs · Sidekiq" };

export default function SidekiqsPage() {
  return <SidekiqGallery />;
}
