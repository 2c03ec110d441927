import type { Metadata } from "next";
import { PageFrame } from "@/components/sidekiqs/page-frame";
import { SidekiqEditor } from "@/components/sidekiqs/sidekiq-editor";

export const metadata: Metadata = { title: "New Sidekiq · Sidekiq" };

export default function NewSidekiqPage() {
  return (
    <PageFrame title="New Sidekiq" description="Give it a name and instructions; they become the model's system prompt in every chat with it.">
      <SidekiqEditor />
    </PageFrame>
  );
}
