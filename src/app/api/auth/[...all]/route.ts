import { AUTH_BODY_BYTES } from "@/lib/api-limits";
import { getAuth } from "@/server/auth/auth";
import { withBoundedBody } from "@/server/http/body";
import { CLIENT_ADDRESS_HEADER, requestAddress } from "@/server/auth/client-address";
import { apiRoute } from "@/server/http/route";

/**
 * Better Auth's endpoints, given a body already read within its limit (it reads bodies whole),
 * and the client's address as this server resolved it (its rate limits and the sessions list
 * read it from CLIENT_ADDRESS_HEADER, never from a header a client can write).
 */
const handler = apiRoute("auth", async (req) => {
  const headers = new Headers(req.headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  const address = requestAddress(req.headers);
  if (address) headers.set(CLIENT_ADDRESS_HEADER, address);
  return getAuth().handler(await withBoundedBody(req, { bytes: AUTH_BODY_BYTES, what: "Account requests" }, headers));
});

export { handler as GET, handler as POST };
