import { headers } from "next/headers";
import { migrated } from "@/db/client";
import { auth } from "@/lib/auth";
import { config } from "@/lib/config";
import { TasksApp } from "./(ui)/components/tasks-app";
import type { User } from "./(ui)/lib/types";

// The session lives in a cookie: every request renders for whoever is asking.
export const dynamic = "force-dynamic";

/**
 * The one page. The session is read on the server only to pick the first screen (sign-in
 * form or task board) without a flash; the tasks themselves come through the HTTP API.
 */
export default async function Home() {
  await migrated(); // getSession goes through Better Auth, on the unmigrated client
  const session = await auth().api.getSession({ headers: await headers() });
  const user: User | null = session
    ? { id: session.user.id, name: session.user.name, email: session.user.email, emailVerified: session.user.emailVerified }
    : null;
  return <TasksApp initialUser={user} signUpOpen={config().signUp} />;
}
