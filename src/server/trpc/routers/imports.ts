import "server-only";
import { latestImportJob } from "@/server/db/queries/import-jobs";
import { createTRPCRouter, protectedProcedure } from "../init";

export const importsRouter = createTRPCRouter({
  /** The caller's newest import: its counts so far while it runs (the page polls this), its outcome after. */
  latest: protectedProcedure.query(({ ctx }) => latestImportJob(ctx.db, { userId: ctx.user.id })),
});
