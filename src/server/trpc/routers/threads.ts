import "server-only";
import {
  archiveThreadInput,
  archiveThreadsInput,
  moveThreadsInput,
  threadIdsInput,
  listThreadsInput,
  pinThreadInput,
  renameThreadInput,
  threadIdInput,
  threadMessageInput,
} from "@/lib/schemas/thread";
import { searchInput } from "@/lib/schemas/search";
import { plainJson } from "@/lib/transformer";
import { searchThreads } from "@/server/db/queries/search";
import { forkThread, setActiveLeaf, threadTree } from "@/server/db/queries/messages";
import {
  archiveThreads,
  deleteThread,
  deleteThreads,
  getThread,
  moveThreads,
  listThreads,
  renameThread,
  setThreadArchived,
  setThreadPinned,
} from "@/server/db/queries/threads";
import { detachSidekiq, threadSidekiq } from "@/server/db/queries/sidekiqs";
import { AppError, found } from "@/server/errors";
import { createTRPCRouter, protectedProcedure } from "../init";

export const threadsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listThreadsInput)
    .query(async ({ ctx, input }) => plainJson(await listThreads(ctx.db, { userId: ctx.user.id, ...input }))),
  get: protectedProcedure
    .input(threadIdInput)
    .query(async ({ ctx, input }) => found(await getThread(ctx.db, { userId: ctx.user.id, ...input }))),
  rename: protectedProcedure
    .input(renameThreadInput)
    .mutation(async ({ ctx, input }) => found(await renameThread(ctx.db, { userId: ctx.user.id, ...input }))),
  pin: protectedProcedure
    .input(pinThreadInput)
    .mutation(async ({ ctx, input }) => found(await setThreadPinned(ctx.db, { userId: ctx.user.id, ...input }))),
  archive: protectedProcedure
    .input(archiveThreadInput)
    .mutation(async ({ ctx, input }) => found(await setThreadArchived(ctx.db, { userId: ctx.user.id, ...input }))),
  /** The thread's Sidekiq for its header (null for a plain chat), and whether the user may still use it. */
  sidekiq: protectedProcedure.input(threadIdInput).query(async ({ ctx, input }) => {
    found(await getThread(ctx.db, { userId: ctx.user.id, ...input }));
    return threadSidekiq(ctx.db, ctx.user.id, input.threadId);
  }),
  /** "Continue without it": the thread goes on as a plain chat. */
  detachSidekiq: protectedProcedure
    .input(threadIdInput)
    .mutation(async ({ ctx, input }) => found(await detachSidekiq(ctx.db, ctx.user.id, input.threadId))),
  /** Switches branch: a leaf as it is, any other message to its branch as the user last left it. */
  setActiveLeaf: protectedProcedure
    .input(threadMessageInput)
    .mutation(async ({ ctx, input }) => found(await setActiveLeaf(ctx.db, { userId: ctx.user.id, ...input }))),
  /** "Branch off in a new thread": the path up to the message, copied into a new thread. */
  fork: protectedProcedure.input(threadMessageInput).mutation(async ({ ctx, input }) => {
    const forked = await forkThread(ctx.db, { userId: ctx.user.id, ...input });
    if (forked === "streaming") throw new AppError("BAD_REQUEST", { message: "That reply is still being written. Fork it once it has finished." });
    return found(forked);
  }),
  /** Every message of the thread as a tree, for the map. */
  // Plain JSON (no Dates): sent without superjson's walk over its 2,000 nodes (see plainJson).
  /** Files the caller's threads in a folder of theirs, or at the root (null). */
  move: protectedProcedure.input(moveThreadsInput).mutation(async ({ ctx, input }) => ({ moved: found(await moveThreads(ctx.db, { userId: ctx.user.id, ...input })) })),
  archiveMany: protectedProcedure.input(archiveThreadsInput).mutation(async ({ ctx, input }) => ({ changed: await archiveThreads(ctx.db, { userId: ctx.user.id, ...input }) })),
  deleteMany: protectedProcedure.input(threadIdsInput).mutation(async ({ ctx, input }) => ({ deleted: await deleteThreads(ctx.db, { userId: ctx.user.id, ...input }) })),
  /** Titles and messages of the caller's threads, on every branch, best first. */
  search: protectedProcedure.input(searchInput).query(async ({ ctx, input }) => plainJson(await searchThreads(ctx.db, { userId: ctx.user.id, ...input }))),
  tree: protectedProcedure.input(threadIdInput).query(async ({ ctx, input }) => plainJson(found(await threadTree(ctx.db, { userId: ctx.user.id, ...input })))),
  delete: protectedProcedure
    .input(threadIdInput)
    .mutation(async ({ ctx, input }) => found(await deleteThread(ctx.db, { userId: ctx.user.id, ...input }))),
});
