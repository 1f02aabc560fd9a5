import { and, eq, lte, sql } from "drizzle-orm";
import { after } from "next/server";
import { database } from "@/db/client";
import { storageDeletions } from "@/db/schema";
import { errorChain } from "@/lib/observability/error-fields";
import { logger } from "@/lib/observability/logger";
import { storeOf } from "./object-store";

// storage_deletions is an outbox: what must leave the store, written in the transaction
// that made it so (the AFTER DELETE trigger on attachments, migration 0009, for every way a
// row goes: its own DELETE, its task's, its list's, its owner's account), and an upload's
// own row, written before its first byte. Here it is emptied after commit: a store that
// fails leaves its rows for the next sweep. Sweeps run after the writes that can leave
// rows (with S3: every write through the API, lib/http/with-user.ts) and before every
// upload, so leftovers of a failed sweep or of a process that died mid-upload go by
// themselves, without a scheduler.

const BATCH = 100;

/** Removes up to BATCH due objects from their stores; how many went. */
export async function removeDueObjects(): Promise<number> {
  const db = await database();
  const due = await db
    .select({ storageKey: storageDeletions.storageKey, storage: storageDeletions.storage })
    .from(storageDeletions)
    .where(lte(storageDeletions.dueAt, sql`now()`))
    .orderBy(storageDeletions.dueAt)
    .limit(BATCH);
  let removed = 0;
  for (const { storageKey, storage } of due) {
    // Bytes in a store this instance does not have configured: left for one that has.
    const store = await storeOf(storage);
    if (!store) continue;
    await store.remove(storageKey);
    await db.delete(storageDeletions).where(and(eq(storageDeletions.storageKey, storageKey), lte(storageDeletions.dueAt, sql`now()`)));
    removed++;
  }
  return removed;
}

let sweeping: Promise<void> | undefined;

/** A sweep after the response (Next's after()), one at a time per process; a failure is logged, the rows stay. */
export function sweepInBackground(): void {
  sweeping ??= removeDueObjects()
    .then(
      () => undefined,
      (error: unknown) => logger().warn(errorChain(error), "attachment store sweep failed; the objects stay listed for the next one"),
    )
    .finally(() => (sweeping = undefined));
  try {
    after(sweeping);
  } catch {
    // Not inside a request (a test, a script): the promise runs on by itself.
  }
}
