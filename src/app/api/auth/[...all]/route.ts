import { AUTH_BODY_BYTES } from "@/lib/api-limits";
import { getAuth } from "@/server/auth/auth";
import { withBoundedBody } from "@/server/http/body";
import { apiRoute } from "@/server/http/route";

/** Better Auth's endpoints, given a body already read within its limit (it reads bodies whole). */
const handler = apiRoute("auth", async (req) => getAuth().handler(await withBoundedBody(req, { bytes: AUTH_BODY_BYTES, what: "Account requests" })));

export { handler as GET, handler as POST };
