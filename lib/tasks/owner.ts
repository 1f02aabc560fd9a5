import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";

// A JWT outlives its account (up to its 15 minutes), and the account's tasks went with it
// (on delete cascade): to such a caller every read would look like an empty account, and
// every id like a missing task. It is a 401 instead, on every route.
//
// Only an empty answer needs the check: any task found proves its owner exists (the
// foreign key), and a write that adds a row hits that key (23503, to-app-error.ts). So the
// extra query runs on misses only, never on the hot path of a live account.

export const accountGone = () => new AppError("unauthorized", "The account behind these credentials no longer exists.");

/** Throws 401 if the user no longer exists. */
export async function assertOwnerExists(db: Executor, userId: string): Promise<void> {
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
  if (!owner) throw accountGone();
}

/** The error for "no such task": 404, unless the caller's account is gone (401). */
export async function taskMiss(db: Executor, userId: string): Promise<AppError> {
  await assertOwnerExists(db, userId);
  return new AppError("not_found", "No such task.");
}
