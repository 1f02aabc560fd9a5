import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { runBatch } from "@/lib/tasks/batch";
import type { BatchResponseJson } from "@/lib/tasks/responses";
import { BATCH_BODY_MAX_BYTES, batchBody } from "@/lib/tasks/schemas";
import { otherMethods } from "@/lib/http/methods";

// POST /api/tasks/batch: up to 100 operations, all or none; 200 { results: [...] }
export const POST = withUser(async (req, { user }) => {
  const { operations } = await readJson(req, batchBody, BATCH_BODY_MAX_BYTES);
  return Response.json({ results: await runBatch(user.id, operations) } satisfies BatchResponseJson);
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
