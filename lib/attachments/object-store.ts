import { config } from "@/lib/config";
import type { Storage } from "@/db/schema";
import type { ObjectStore } from "./object-store-type";
import { postgresStore } from "./postgres-store";

export type { ObjectStore };

// Where an attachment's bytes live: in PostgreSQL (attachment_chunks) unless S3_BUCKET names
// an S3-compatible bucket. Each attachment row names the store its bytes went to, so a
// deployment that switches stores still reads (and deletes) what the other one holds, as
// long as that one stays configured.

/** Where new uploads go. */
export async function uploadStore(): Promise<ObjectStore> {
  return config().s3 ? s3Store() : postgresStore();
}

/** The store that holds `kind`'s objects, or undefined when it is not configured here. */
export async function storeOf(kind: Storage): Promise<ObjectStore | undefined> {
  if (kind === "postgres") return postgresStore();
  return config().s3 ? s3Store() : undefined;
}

// Loaded on first use: every route reaches this module (the sweep after writes), and only a
// deployment with S3_BUCKET needs the AWS SDK in memory.
async function s3Store(): Promise<ObjectStore> {
  return (await import("./s3-store")).s3Store();
}
