import { withUser } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { runBatch } from "@/lib/tasks/batch";
import { batchBody } from "@/lib/tasks/schemas";

// 100 operations of full-size tasks do not fit the 16 KiB of a single task's body.
const MAX_BATCH_BYTES = 256 * 1024;

// POST /api/tasks/batch: up to 100 operations, all or none; 200 { results: [...] }
export const POST = withUser(async (req, { user }) => {
  const { operations } = await readJson(req, batchBody, MAX_BATCH_BYTES);
  return Response.json({ results: await runBatch(user.id, operations) });
});
