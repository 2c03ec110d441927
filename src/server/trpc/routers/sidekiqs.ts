import "server-only";
import { z } from "zod";
import { storableString } from "@/lib/schemas/text";
import { createSidekiqInput, listSidekiqsInput, restoreVersionInput, sidekiqIdInput, updateSidekiqInput } from "@/lib/schemas/sidekiq";
import {
  createSidekiq,
  EDITORS_ONLY,
  deleteSidekiq,
  duplicateSidekiq,
  getSidekiq,
  listPickable,
  listSidekiqs,
  listVersions,
  restoreVersion,
  sidekiqUsage,
  updateSidekiq,
} from "@/server/db/queries/sidekiqs";
import { AppError } from "@/server/errors";
import { createTRPCRouter, protectedProcedure } from "../init";

/**
 * A query's answer, or the refusal: 404 when the caller may not know the Sidekiq exists
 * (exactly as if it did not), 403 when they may use it but not do this to it.
 */
function allowed<T>(result: T | undefined | "forbidden"): T {
  if (result === undefined) throw new AppError("NOT_FOUND");
  if (result === "forbidden") throw new AppError("FORBIDDEN", { message: EDITORS_ONLY });
  return result;
}

export const sidekiqsRouter = createTRPCRouter({
  list: protectedProcedure.input(listSidekiqsInput).query(({ ctx, input }) => listSidekiqs(ctx.db, ctx.user.id, input)),
  /** The `@` picker's choices. */
  pickable: protectedProcedure
    .input(z.object({ query: storableString().trim().max(80).default("") }))
    .query(({ ctx, input }) => listPickable(ctx.db, ctx.user.id, input.query)),
  get: protectedProcedure.input(sidekiqIdInput).query(async ({ ctx, input }) => allowed(await getSidekiq(ctx.db, ctx.user.id, input.sidekiqId))),
  create: protectedProcedure.input(createSidekiqInput).mutation(({ ctx, input }) => createSidekiq(ctx.db, ctx.user.id, input)),
  update: protectedProcedure.input(updateSidekiqInput).mutation(async ({ ctx, input }) => allowed(await updateSidekiq(ctx.db, ctx.user.id, input))),
  delete: protectedProcedure.input(sidekiqIdInput).mutation(async ({ ctx, input }) => allowed(await deleteSidekiq(ctx.db, ctx.user.id, input.sidekiqId))),
  duplicate: protectedProcedure.input(sidekiqIdInput).mutation(async ({ ctx, input }) => allowed(await duplicateSidekiq(ctx.db, ctx.user.id, input.sidekiqId))),
  versions: protectedProcedure.input(sidekiqIdInput).query(async ({ ctx, input }) => allowed(await listVersions(ctx.db, ctx.user.id, input.sidekiqId))),
  restoreVersion: protectedProcedure.input(restoreVersionInput).mutation(async ({ ctx, input }) => allowed(await restoreVersion(ctx.db, ctx.user.id, input))),
  usage: protectedProcedure.input(sidekiqIdInput).query(async ({ ctx, input }) => allowed(await sidekiqUsage(ctx.db, ctx.user.id, input.sidekiqId))),
});
