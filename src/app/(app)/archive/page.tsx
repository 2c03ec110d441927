import type { Metadata } from "next";
import { ArchiveList } from "@/components/threads/archive-list";

export const metadata: Metadata = { title: "Archived chats · Sidekiq" };

export default function Archive() {
  return <ArchiveList />;
}
