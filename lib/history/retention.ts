import { sql } from "drizzle-orm";
import { after } from "next/server";
import { database, rowsOf, type Executor } from "@/db/client";
import { activity } from "@/db/schema";
import { config } from "@/lib/config";
import { errorFields } from "@/lib/observability/error-fields";
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/singleton";

// HISTORY_RETENTION_DAYS: history is kept forever unless it is set; then entries older
// than that many days are purged, oldest first (idx_activity_created), PURGE_BATCH per
// statement, each statement its own transaction: old rows are never written again, so a
// purge takes no lock any write waits on, and no statement runs long.
//
// No scheduler (serverless deployments have none): a write to the API asks for a purge
// after its response (Next's after(), like the mail), at most once a minute per instance,
// and one purge runs at most PURGE_BATCHES_PER_RUN statements; what is left goes at the
// next one.

export const PURGE_BATCH = 1_000;
const PURGE_BATCHES_PER_RUN = 100;
const PURGE_EVERY_MS = 60_000;

/** Deletes entries older than `days`, in batches; how many went. */
export async function purgeExpiredHistory(days: number, db?: Executor, maxBatches = PURGE_BATCHES_PER_RUN): Promise<number> {
  const exec = db ?? (await database());
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const [result] = rowsOf<{ removed: number }>(
      await exec.execute(sql`
        with gone as (
          delete from ${activity} where ${activity.id} in (
            select ${activity.id} from ${activity}
            where ${activity.createdAt} < now() - make_interval(days => ${days}::integer)
            order by ${activity.createdAt} limit ${PURGE_BATCH}
          ) returning 1
        )
        select count(*)::integer as removed from gone`),
    );
    const removed = Number(result?.removed ?? 0);
    total += removed;
    if (removed < PURGE_BATCH) break;
  }
  return total;
}

type PurgeState = { lastStarted: number; running: boolean };

/** After a write: starts a purge once the response is sent, if retention is set and one is due. */
export function purgeHistoryLater(now = Date.now()): void {
  const days = config().historyRetentionDays;
  if (days === undefined) return;
  const state = processSingleton<PurgeState>("history-purge", () => ({ lastStarted: 0, running: false }));
  if (state.running || now - state.lastStarted < PURGE_EVERY_MS) return;
  state.lastStarted = now;
  state.running = true;
  const run = () =>
    purgeExpiredHistory(days)
      .then((removed) => {
        if (removed > 0) logger().info({ removed }, "history purged");
      })
      .catch((error: unknown) => logger().error(errorFields(error), "history purge failed"))
      .finally(() => {
        state.running = false;
      });
  try {
    after(run);
  } catch {
    // Not inside a request (a script, a test): run it now, nothing to extend.
    void run();
  }
}
