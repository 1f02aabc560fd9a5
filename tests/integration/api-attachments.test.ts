import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { describeAttachmentApi } from "../support/attachment-scenarios";

// Attachments with the default store, PostgreSQL (attachment_chunks), over real HTTP: every
// scenario of tests/support/attachment-scenarios.ts. Quota, per-task bound and moves:
// api-attachments-quota.test.ts; the same scenarios on S3: api-attachments-s3.test.ts.

describeAttachmentApi({
  name: "PostgreSQL",
  env: () => ({}),
  storedKeys: async (db) => rowsOf<{ key: string }>(await db.execute(sql`select distinct storage_key as key from attachment_chunks union select storage_key from attachments where size = 0`)).map((r) => r.key),
});
