import { database } from "@/db/client";
import { auth } from "@/lib/auth";
import { withErrors } from "@/lib/http/handler";

// Better Auth, mounted: sign-up, sign-in, sign-out, delete-user, token, jwks...
// Migrations are applied before its first query; a database that is down is a 503 problem.
const handle = withErrors(async (req) => {
  await database();
  return auth().handler(req);
});

export { handle as GET, handle as POST };
