import { redirect } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { THREAD_LIST_INPUT, threadListPaging } from "@/components/threads/thread-list-query";
import { getCurrentUser } from "@/server/auth/current-user";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");

  // Models may wait on a local server's /models, so they stream in rather than hold up the page.
  void prefetch(trpc.models.list.queryOptions());
  await prefetch(trpc.threads.list.infiniteQueryOptions(THREAD_LIST_INPUT, threadListPaging));

  return (
    <HydrateClient>
      <AppShell user={{ name: user.name, email: user.email, image: user.image }}>{children}</AppShell>
    </HydrateClient>
  );
}
