import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import { transformer } from "@/lib/transformer";
import { and, eq } from "drizzle-orm";
import { ZodError, z } from "zod";
import type { SessionUser } from "@/server/auth/auth";
import type { Db } from "@/server/db/client";
import { member, organization } from "@/server/db/schema";
import { AppError, ERROR_TABLE, errorSummary, isAppError, isDatabaseUnavailable, toAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { writeRateLimit } from "@/server/rate-limit";

export type TRPCContext = { db: Db; user: SessionUser | null };

const t = initTRPC.context<TRPCContext>().create({
  transformer,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (isAppError(cause)) {
      return { ...shape, message: cause.message, data: { ...shape.data, appCode: cause.code, stack: undefined } };
    }
    if (error.code === "INTERNAL_SERVER_ERROR") {
      return { ...shape, message: ERROR_TABLE.INTERNAL.message, data: { ...shape.data, stack: undefined } };
    }
    return {
      ...shape,
      data: { ...shape.data, stack: undefined, zodIssues: cause instanceof ZodError ? cause.issues : undefined },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps AppErrors to their tRPC code and logs anything unexpected without sending it out. */
const errorMapping = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    // A database outage is a 503 the client may retry, like every other AppError.
    const appError = isAppError(cause) ? cause : isDatabaseUnavailable(cause) ? toAppError(cause) : undefined;
    if (appError) {
      throw new TRPCError({ code: ERROR_TABLE[appError.code].trpc, message: appError.message, cause: appError });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") logger.error({ path, err: errorSummary(result.error.cause) }, "procedure failed");
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorMapping);

/** A signed-in caller; each mutation counts against their write limit (WRITE_RATE_LIMIT_PER_MINUTE). */
export const protectedProcedure = publicProcedure.use(async ({ ctx, type, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: ERROR_TABLE.UNAUTHORIZED.message });
  if (type === "mutation") await writeRateLimit().take(ctx.user.id);
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const teamIdInput = z.object({ teamId: z.string().min(1).max(100) });

/**
 * A procedure about one of the caller's teams: `ctx.team` is the team and the caller's role in
 * it. A team the caller is not in answers 404, like one that does not exist.
 */
export const teamProcedure = protectedProcedure.input(teamIdInput).use(async ({ ctx, input, next }) => {
  const [team] = await ctx.db
    .select({ id: organization.id, name: organization.name, slug: organization.slug, role: member.role })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(eq(member.organizationId, input.teamId), eq(member.userId, ctx.user.id)))
    .limit(1);
  if (!team) throw new AppError("NOT_FOUND");
  return next({ ctx: { ...ctx, team: { ...team, role: team.role as TeamRole } } });
});

export type TeamRole = "owner" | "admin" | "member";
