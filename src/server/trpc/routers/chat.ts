import "server-only";
import { chatStopSchema } from "@/lib/chat/request";
import { stopActiveStream } from "@/server/chat/active-streams";
import { getThread } from "@/server/db/queries/threads";
import { AppError } from "@/server/errors";
import { createTRPCRouter, protectedProcedure } from "../init";

export const chatRouter = createTRPCRouter({
  /** Stops the reply streaming into a thread; the partial reply is saved as stopped. */
  stop: protectedProcedure.input(chatStopSchema).mutation(async ({ ctx, input }) => {
    const thread = await getThread(ctx.db, { userId: ctx.user.id, threadId: input.threadId });
    if (!thread) throw new AppError("NOT_FOUND");
    return { stopped: stopActiveStream({ threadId: input.threadId, userId: ctx.user.id }) };
  }),
});
