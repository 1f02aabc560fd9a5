import { afterAll, beforeAll } from "vitest";
import { describeAttachmentApi } from "../support/attachment-scenarios";
import { startLocalS3, type LocalS3 } from "../support/s3-server";

// Attachments in an S3-compatible bucket (S3_*), against a local s3rver started here: every
// scenario of tests/support/attachment-scenarios.ts, the bucket's keys compared with the
// rows after each failure and deletion.

let s3: LocalS3;
// Registered before the scenarios' own beforeAll, so the bucket is up when the app starts.
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3?.stop());

describeAttachmentApi({
  name: "S3",
  env: () => s3.env,
  storedKeys: () => s3.keys(),
});
