import "server-only";
import { TRPCError } from "@trpc/server";
import { sidekiqIdSchema } from "@/lib/schemas/sidekiq";
import { getQueryClient, trpc } from "@/trpc/server";

/** The Sidekiq for a page, or undefined when the caller may not see it (a 404 either way). */
export async function loadSidekiq(sidekiqId: string) {
  if (!sidekiqIdSchema.safeParse(sidekiqId).success) return undefined;
  try {
    return await getQueryClient().fetchQuery(trpc.sidekiqs.get.queryOptions({ sidekiqId }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return undefined;
    throw error;
  }
}
