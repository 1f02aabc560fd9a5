import { config } from "@/lib/config";
import { TasksApp } from "../../(ui)/components/tasks-app";
import { signedInUser } from "../../(ui)/lib/signed-in-user";

// The session lives in a cookie: every request renders for whoever is asking.
export const dynamic = "force-dynamic";
export const metadata = { title: "Task · Tasks" };

/**
 * One task's page: its comments, files and history. Nothing of the task is rendered on the
 * server: the page loads it through the API, whose 404 is the same for a task that does not
 * exist and for one in a list the person is not in.
 */
export default async function TaskRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TasksApp initialUser={await signedInUser()} signUpOpen={config().signUp} taskId={id} />;
}
