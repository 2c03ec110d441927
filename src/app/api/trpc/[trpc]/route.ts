import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getRequestSession } from "@/server/auth/current-user";
import { getDb } from "@/server/db/client";
import { appRouter } from "@/server/trpc/root";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async ({ resHeaders }) => {
      const session = await getRequestSession(req.headers);
      // Keep Better Auth's session cache cookie fresh, or every later call reads the session again.
      for (const cookie of session?.setCookies ?? []) resHeaders.append("set-cookie", cookie);
      return { db: getDb(), user: session?.user ?? null };
    },
  });

export { handler as GET, handler as POST };
