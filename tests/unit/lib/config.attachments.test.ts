import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";

// ATTACHMENT_* and S3_*: defaults, bounds, and the combinations that refuse to start.

const base = { NODE_ENV: "test", BETTER_AUTH_SECRET: "s".repeat(32), DATA_DIR: "/tmp/tasks-config-test" };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env });
const refusal = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("attachment settings", () => {
  it("takes the limits given, 0 for no quota", () => {
    expect(load({ ATTACHMENT_MAX_BYTES: "1", ATTACHMENT_QUOTA_BYTES: "0", ATTACHMENTS_PER_TASK: "7" }).attachments).toEqual({ maxBytes: 1, quotaBytes: 0, perTask: 7 });
  });

  it.each([
    [{ ATTACHMENT_MAX_BYTES: "0" }, "ATTACHMENT_MAX_BYTES"],
    [{ ATTACHMENT_MAX_BYTES: "10MiB" }, "ATTACHMENT_MAX_BYTES: expected a whole number"],
    [{ ATTACHMENTS_PER_TASK: "0" }, "ATTACHMENTS_PER_TASK"],
  ])("refuses %j", (env, named) => {
    expect(refusal(env)).toContain(named);
  });

  it("S3: a bucket alone uses the region default, path style off and the SDK's credentials", () => {
    expect(load({ S3_BUCKET: "tasks-files" }).s3).toEqual({ bucket: "tasks-files", endpoint: undefined, region: "us-east-1", credentials: undefined, forcePathStyle: false });
    expect(
      load({ S3_BUCKET: "b-1", S3_ENDPOINT: "http://127.0.0.1:9000", S3_REGION: "eu-west-3", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s", S3_FORCE_PATH_STYLE: "true" }).s3,
    ).toEqual({ bucket: "b-1", endpoint: "http://127.0.0.1:9000", region: "eu-west-3", credentials: { accessKeyId: "k", secretAccessKey: "s" }, forcePathStyle: true });
  });

  it.each([
    [{ S3_ENDPOINT: "http://127.0.0.1:9000" }, "S3_ENDPOINT set without S3_BUCKET: set S3_BUCKET to store attachments in S3, or unset them."],
    [{ S3_BUCKET: "b-1", S3_ACCESS_KEY_ID: "k" }, "Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the AWS SDK's default credentials)."],
  ])("refuses %j", (env, message) => {
    expect(refusal(env)).toBe(message);
  });

  it("refuses a bucket name S3 would refuse", () => {
    expect(refusal({ S3_BUCKET: "Bad_Bucket" })).toContain("S3_BUCKET: expected an S3 bucket name");
  });
});
