import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { config, type S3Config } from "@/lib/config";
import { processSingleton } from "@/lib/singleton";
import type { ObjectStore } from "./object-store-type";
import { StoreUnavailableError } from "./store-errors";

// An S3-compatible bucket (S3_*). Uploads stream through lib-storage: one part of
// PART_BYTES in memory at a time (queueSize 1), a single PutObject for a file smaller than
// that, a multipart upload otherwise, aborted by lib-storage if the body fails midway, so a
// refused or broken upload leaves no object (and discard() removes the key again anyway).

// S3's smallest part: the memory one upload holds.
const PART_BYTES = 5 * 1024 * 1024;

function client(s3: S3Config): S3Client {
  return processSingleton(
    "s3-client",
    () =>
      new S3Client({
        region: s3.region,
        ...(s3.endpoint !== undefined && { endpoint: s3.endpoint }),
        ...(s3.credentials !== undefined && { credentials: s3.credentials }),
        forcePathStyle: s3.forcePathStyle,
        // Checksums only where S3 requires them: newer SDKs otherwise stream every upload
        // with an aws-chunked trailing checksum, which many S3-compatible servers refuse.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        maxAttempts: 3,
      }),
  );
}

export function s3Store(): ObjectStore {
  const s3 = config().s3;
  if (!s3) throw new Error("s3Store() without S3_BUCKET");
  const bucket = s3.bucket;
  const s3Client = client(s3);
  return {
    kind: "s3",
    async write(key, bytes) {
      const upload = new Upload({
        client: s3Client,
        params: { Bucket: bucket, Key: key, Body: Readable.from(bytes, { objectMode: false }), ContentType: "application/octet-stream" },
        queueSize: 1,
        partSize: PART_BYTES,
        leavePartsOnError: false,
      });
      await upload.done();
    },
    async read(key) {
      const object = await unavailableOnFailure(() => s3Client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
      if (!object.Body) throw new StoreUnavailableError("the store sent no body");
      return object.Body.transformToWebStream() as ReadableStream<Uint8Array>;
    },
    async remove(key) {
      await unavailableOnFailure(() => s3Client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
    },
  };
}

async function unavailableOnFailure<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new StoreUnavailableError("the S3 store failed", { cause: error });
  }
}
