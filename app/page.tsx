import { config } from "@/lib/config";
import { TasksApp } from "./(ui)/components/tasks-app";
import { signedInUser } from "./(ui)/lib/signed-in-user";

// The session lives in a cookie: every request renders for whoever is asking.
export const dynamic = "force-dynamic";

/** The lists and their tasks, or the sign-in form. */
export default async function Home() {
  return <TasksApp initialUser={await signedInUser()} signUpOpen={config().signUp} />;
}
