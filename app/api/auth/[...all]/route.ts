import { migrated } from "@/db/client";
import { auth } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { guardAuthRequest } from "@/lib/http/auth-request-guard";
import { withErrors } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/methods";

// Better Auth, mounted: sign-up, sign-in, sign-out, delete-user, token, jwks...
// Migrations are applied before its first query; a database that is down is a 503 problem.
// Its answers are its own ({ code, message } errors), except for what it never sees: a body
// over the limit (413) or a value the database cannot store (422), refused by
// guardAuthRequest; and where it has no body to give: a path it does not have is our 404
// problem, like any other unknown /api path.
const handle = withErrors(async (req) => {
  const guarded = await guardAuthRequest(req);
  await migrated(); // Better Auth's adapter queries the unmigrated client
  const res = await auth().handler(guarded);
  if ((res.status === 404 || res.status === 405) && !res.headers.has("content-type")) {
    throw new AppError("not_found", "No such endpoint. The API is described at /api/openapi.json.");
  }
  return res;
});

export { handle as GET, handle as POST };

// Better Auth takes GET and POST only.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
