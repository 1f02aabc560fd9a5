import { sql } from "drizzle-orm";
import { database, rowsOf } from "@/db/client";

/**
 * Waits until every write open anywhere on the cluster at the time of the call has ended.
 * A sync's token is the snapshot's xmin, the cluster's: while another test file's write is
 * open, a token stays below what this file has since written, and the next sync sends those
 * tasks again, unchanged (README, Sync: never wrongly, sometimes twice). A test that asserts
 * exactly what a sync sends waits for this first.
 */
export async function untilOpenWritesEnd(): Promise<void> {
  const db = await database();
  const snapshot = async () =>
    rowsOf<{ xmin: string; xmax: string }>(
      await db.execute(sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, pg_snapshot_xmax(pg_current_snapshot())::text as xmax`),
    )[0]!;
  const { xmax } = await snapshot();
  for (let i = 0; i < 400; i++) {
    if (BigInt((await snapshot()).xmin) >= BigInt(xmax)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`a write open before transaction ${xmax} stayed open for 20 s`);
}
