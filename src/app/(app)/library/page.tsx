import type { Metadata } from "next";
import { LibraryPage } from "@/components/library/library-page";

export const metadata: Metadata = { title: "Import & export · Sidekiq" };

export default function Library() {
  return <LibraryPage />;
}
