import "server-only";
import { listMessagesInput } from "@/lib/schemas/thread";
import { listMessages } from "@/server/db/queries/messages";
import { getThread } from "@/server/db/queries/threads";
import { AppError } from "@/server/errors";
import { createTRPCRouter, protectedProcedure } from "../init";

export const messagesRouter = createTRPCRouter({
  list: protectedProcedure.input(listMessagesInput).query(async ({ ctx, input }) => {
    const thread = await getThread(ctx.db, { userId: ctx.user.id, threadId: input.threadId });
    if (!thread) throw new AppError("NOT_FOUND");
    return listMessages(ctx.db, input);
  }),
});
