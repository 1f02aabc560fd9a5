import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import { database } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { errorFields } from "@/lib/observability/error-fields";
import { logger } from "@/lib/observability/logger";
import type { TaggedTask } from "@/lib/tags/of-task";
import type { CreateTaskBody } from "./schemas";
import { createTask } from "./store";

const KEY_LIFETIME = sql`interval '24 hours'`;

// A claimed key's response until its task is created, in the same transaction.
const PENDING = {};

/**
 * Creates a task, or, for a key seen in the last 24 hours, answers what the first request
 * got: the same response, or idempotency-key-reused for another body. A stored key is
 * answered before anything else can fail, the task cap included, so that a retry of a
 * create that committed never looks like a failure.
 *
 * Hence the order inside the transaction: the key is claimed first, then the task is
 * created, then the claim gets its response. When two requests with one key race, the
 * second's claim waits on the first's uncommitted key (the primary key's index), then
 * finds it and replays it; if the first fails (the cap), its claim goes with it and the
 * second proceeds as if alone.
 *
 * What is kept is `answer(task)`, JSON the caller makes of the new task (the API route's
 * body and ETag), replayed as it was to every retry.
 */
export async function createTaskOnce<Answer>(
  userId: string,
  body: CreateTaskBody,
  key: string | undefined,
  answer: (task: TaggedTask) => Answer,
): Promise<Answer> {
  if (key === undefined) return answer(await createTask(userId, body));
  const db = await database();
  const requestHash = createHash("sha256").update(JSON.stringify(body)).digest("hex");
  const mine = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));
  const created = await db
    .transaction(async (tx) => {
      // An expired record with the same key is taken over; a live one is left alone. The
      // placeholder response is never seen: nothing reads the record before it commits.
      const [claimed] = await tx
        .insert(idempotencyKeys)
        .values({ userId, key, requestHash, response: PENDING })
        .onConflictDoUpdate({
          target: [idempotencyKeys.userId, idempotencyKeys.key],
          set: { requestHash, response: PENDING, createdAt: sql`now()` },
          setWhere: lt(idempotencyKeys.createdAt, sql`now() - ${KEY_LIFETIME}`),
        })
        .returning({ key: idempotencyKeys.key });
      if (!claimed) return undefined; // taken: answered from the record below
      const response = answer(await createTask(userId, body, { db: tx }));
      await tx.update(idempotencyKeys).set({ response }).where(mine);
      return { response };
    })
    .finally(sometimesPurge);
  if (created) return created.response;
  const [record] = await db.select().from(idempotencyKeys).where(mine);
  if (!record) throw new Error("idempotency record vanished between conflict and read");
  if (record.requestHash !== requestHash) {
    throw new AppError("idempotency_key_reused", "This Idempotency-Key was used with a different body.", [
      { path: "Idempotency-Key", message: "Already used with a different body." },
    ]);
  }
  return record.response as Answer;
}

// Expired records are dropped now and then by the requests that make new ones, so the
// table stays small without a scheduler (serverless deployments have none).
const PURGE_EVERY = 100;

function sometimesPurge() {
  if (Math.random() * PURGE_EVERY >= 1) return;
  purgeExpiredIdempotencyKeys().catch((error) => logger().error(errorFields(error), "idempotency purge failed"));
}

/** Drops records past their 24 hours (served by idx_idempotency_keys_created). */
export async function purgeExpiredIdempotencyKeys(): Promise<number> {
  const db = await database();
  const rows = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - ${KEY_LIFETIME}`))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}
