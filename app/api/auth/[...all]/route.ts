import { database } from "@/db/client";
import { auth } from "@/lib/auth";

// Better Auth, mounted: sign-up, sign-in, sign-out, delete-user, token, jwks...
async function handle(req: Request): Promise<Response> {
  await database(); // migrations are applied before Better Auth's first query
  return auth().handler(req);
}

export { handle as GET, handle as POST };
