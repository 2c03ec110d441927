import "server-only";
import { listMessagesInput } from "@/lib/schemas/thread";
import { plainJsonFromDatabase } from "@/lib/transformer";
import { listMessages } from "@/server/db/queries/messages";
import { AppError } from "@/server/errors";
import { createTRPCRouter, protectedProcedure } from "../init";

export const messagesRouter = createTRPCRouter({
  /** The active path, newest page first, each message with its siblings (the ‹n/m› arrows). */
  list: protectedProcedure.input(listMessagesInput).query(async ({ ctx, input }) => {
    const page = await listMessages(ctx.db, { userId: ctx.user.id, ...input });
    if (!page) throw new AppError("NOT_FOUND");
    // Plain JSON (dates as ISO strings, parts from a jsonb column): no superjson walk over 200 messages.
    return plainJsonFromDatabase(page);
  }),
});
