import "server-only";
import { createFolderInput, folderIdInput, renameFolderInput } from "@/lib/schemas/thread";
import { createFolder, deleteFolder, listFolders, renameFolder } from "@/server/db/queries/folders";
import { found } from "@/server/errors";
import { createTRPCRouter, protectedProcedure } from "../init";

export const foldersRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listFolders(ctx.db, { userId: ctx.user.id })),
  create: protectedProcedure.input(createFolderInput).mutation(({ ctx, input }) => createFolder(ctx.db, { userId: ctx.user.id, ...input })),
  rename: protectedProcedure.input(renameFolderInput).mutation(async ({ ctx, input }) => found(await renameFolder(ctx.db, { userId: ctx.user.id, ...input }))),
  /** Its threads go back to the root: nothing is lost. */
  delete: protectedProcedure.input(folderIdInput).mutation(async ({ ctx, input }) => found(await deleteFolder(ctx.db, { userId: ctx.user.id, ...input }))),
});
