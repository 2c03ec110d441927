import "server-only";
import { chatStopSchema } from "@/lib/chat/request";
import { stopReply } from "@/server/chat/stop-reply";
import { getThread } from "@/server/db/queries/threads";
import { AppError } from "@/server/errors";
import { createTRPCRouter, protectedProcedure } from "../init";

export const chatRouter = createTRPCRouter({
  /** Stops the reply streaming into a thread, from any tab or instance; the partial reply is saved as stopped. */
  stop: protectedProcedure.input(chatStopSchema).mutation(async ({ ctx, input }) => {
    const thread = await getThread(ctx.db, { userId: ctx.user.id, threadId: input.threadId });
    if (!thread) throw new AppError("NOT_FOUND");
    return { stopped: await stopReply(ctx.db, { userId: ctx.user.id, threadId: input.threadId }) };
  }),
});
