import { database, type Executor } from "@/db/client";
import { AppError } from "@/lib/errors";
import { taskJson, type BatchResultJson } from "./responses";
import type { BatchOperation } from "./schemas";
import { createTask, deleteTask, setTaskCompleted, updateTask } from "./store";

/**
 * Applies up to 100 operations in one transaction: all of them, or (on the first failure)
 * none, with the failing operation's index in the problem.
 */
export async function runBatch(userId: string, operations: BatchOperation[]): Promise<BatchResultJson[]> {
  const db = await database();
  return db.transaction(async (tx) => {
    const results: BatchResultJson[] = [];
    for (const [index, operation] of operations.entries()) {
      try {
        results.push(await apply(tx, userId, operation));
      } catch (error) {
        throw error instanceof AppError ? atIndex(error, index) : error;
      }
    }
    return results;
  });
}

async function apply(db: Executor, userId: string, operation: BatchOperation): Promise<BatchResultJson> {
  switch (operation.op) {
    case "create":
      return { op: "create", status: 201, task: taskJson(await createTask(userId, operation.body, { db })) };
    case "update":
      return { op: "update", status: 200, task: taskJson(await updateTask(userId, operation.id, operation.body, { db })) };
    case "complete":
      return {
        op: "complete",
        status: 200,
        task: taskJson(await setTaskCompleted(userId, operation.id, operation.body?.completed, { db })),
      };
    case "delete":
      await deleteTask(userId, operation.id, { db });
      return { op: "delete", status: 204, id: operation.id };
  }
}

function atIndex(error: AppError, index: number): AppError {
  return new AppError(
    error.code,
    `Operation ${index}: ${error.detail ?? error.message}`,
    error.errors?.map((e) => ({ ...e, path: `operations.${index}${e.path ? `.${e.path}` : ""}` })),
    error.facts,
  );
}
