import { TasksApiError } from "@/lib/client";

/** What the SDK threw, for assertions on its typed fields; anything else fails the test. */
export async function failure(pending: Promise<unknown>): Promise<TasksApiError> {
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TasksApiError)) throw new Error(`expected a TasksApiError, got ${String(error)}`);
  return error;
}
