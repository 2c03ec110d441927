import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getUserFromHeaders } from "@/server/auth/current-user";
import { getDb } from "@/server/db/client";
import { appRouter } from "@/server/trpc/root";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({ db: getDb(), user: await getUserFromHeaders(req.headers) }),
  });

export { handler as GET, handler as POST };
