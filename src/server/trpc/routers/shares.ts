import "server-only";
import { z } from "zod";
import { threadIdInput } from "@/lib/schemas/thread";
import { plainJson } from "@/lib/transformer";
import { createShare, listShares, revokeShare } from "@/server/db/queries/shares";
import { AppError, found } from "@/server/errors";
import { continueShare } from "@/server/library/share";
import { createTRPCRouter, protectedProcedure } from "../init";

const tokenInput = z.object({ token: z.string().min(20).max(100) });

export const sharesRouter = createTRPCRouter({
  /** A new public link to a snapshot of the caller's thread, as it is shown now. */
  create: protectedProcedure.input(threadIdInput).mutation(async ({ ctx, input }) => plainJson(found(await createShare(ctx.db, { userId: ctx.user.id, ...input })))),
  /** The thread's links that still work. */
  list: protectedProcedure.input(threadIdInput).query(async ({ ctx, input }) => plainJson(found(await listShares(ctx.db, { userId: ctx.user.id, ...input })))),
  /** Stops one of the caller's links from working. */
  revoke: protectedProcedure.input(tokenInput).mutation(async ({ ctx, input }) => {
    if (!(await revokeShare(ctx.db, { userId: ctx.user.id, token: input.token }))) throw new AppError("NOT_FOUND");
    return { revoked: true };
  }),
  /** A shared conversation, copied into the caller's library to go on with. */
  continue: protectedProcedure.input(tokenInput).mutation(async ({ ctx, input }) => ({ threadId: found(await continueShare(ctx.db, { userId: ctx.user.id, token: input.token })) })),
});
