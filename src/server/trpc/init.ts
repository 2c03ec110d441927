import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { SessionUser } from "@/server/auth/auth";
import type { Db } from "@/server/db/client";
import { ERROR_TABLE, errorSummary, isAppError, isDatabaseUnavailable, toAppError } from "@/server/errors";
import { logger } from "@/server/logger";

export type TRPCContext = { db: Db; user: SessionUser | null };

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
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

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: ERROR_TABLE.UNAUTHORIZED.message });
  return next({ ctx: { ...ctx, user: ctx.user } });
});
