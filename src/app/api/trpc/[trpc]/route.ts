import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPC_BODY_BYTES, TRPC_MAX_BATCH } from "@/lib/api-limits";
import { getRequestSession } from "@/server/auth/current-user";
import { getDb } from "@/server/db/client";
import { withBoundedBody } from "@/server/http/body";
import { apiRoute } from "@/server/http/route";
import { appRouter } from "@/server/trpc/root";

const handler = apiRoute("trpc", async (original) => {
  // tRPC reads a POST body whole: it gets one already read, within the limit.
  const req = await withBoundedBody(original, { bytes: TRPC_BODY_BYTES, what: "API requests" });
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH,
    createContext: async ({ resHeaders }) => {
      const session = await getRequestSession(req.headers);
      // Keep Better Auth's session cache cookie fresh, or every later call reads the session again.
      for (const cookie of session?.setCookies ?? []) resHeaders.append("set-cookie", cookie);
      return { db: getDb(), user: session?.user ?? null };
    },
  });
});

export { handler as GET, handler as POST };
