import { headers } from "next/headers";
import { migrated } from "@/db/client";
import { auth } from "@/lib/auth";
import type { User } from "./types";

/**
 * Who is asking, read on the server only to pick a page's first screen (the sign-in form
 * or the app) without a flash; everything else comes through the HTTP API, which checks the
 * session again on every request.
 */
export async function signedInUser(): Promise<User | null> {
  await migrated(); // getSession goes through Better Auth, on the unmigrated client
  const session = await auth().api.getSession({ headers: await headers() });
  return session
    ? { id: session.user.id, name: session.user.name, email: session.user.email, emailVerified: session.user.emailVerified }
    : null;
}
