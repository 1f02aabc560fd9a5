import postgres from "postgres";

/**
 * Waits until every write open anywhere on the cluster at the time of the call has ended.
 * A sync's token is the snapshot's xmin, the cluster's: while another test file's write is
 * open, a token stays below what this file has since written, and the next sync sends those
 * tasks again, unchanged (README, Sync: never wrongly, sometimes twice); and below an owner's
 * tombstone horizon just raised by a compaction, the token is expired at once. A test that
 * asserts exactly what a sync sends waits for this first.
 *
 * Through a connection of its own to DATABASE_URL (any database of the cluster: xmin is the
 * cluster's), so that it serves tests of the data layer and of a server alike. Without it
 * the database is PGlite, one connection in one process: no other write can be open.
 */
export async function untilOpenWritesEnd(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const snapshot = async () =>
      (await client<{ xmin: string; xmax: string }[]>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, pg_snapshot_xmax(pg_current_snapshot())::text as xmax`)[0]!;
    const { xmax } = await snapshot();
    for (let i = 0; i < 400; i++) {
      if (BigInt((await snapshot()).xmin) >= BigInt(xmax)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`a write open before transaction ${xmax} stayed open for 20 s`);
  } finally {
    await client.end();
  }
}
