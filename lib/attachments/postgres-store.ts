import { and, eq } from "drizzle-orm";
import { database } from "@/db/client";
import { attachmentChunks } from "@/db/schema";
import type { ObjectStore } from "./object-store-type";

// The default store: the bytes in attachment_chunks, CHUNK_BYTES a row, each written and
// read by a statement of its own. No transaction spans an upload: a slow client would hold
// it open (and with it the change feed's positions, lib/tasks/changes.ts, and on PGlite
// the one connection). The chunks of an upload under way belong to no attachment row yet;
// the upload's storage_deletions row, written first, removes them if it never completes.

export const CHUNK_BYTES = 256 * 1024;

export function postgresStore(): ObjectStore {
  return STORE;
}

const STORE: ObjectStore = {
  kind: "postgres",
  async write(key, bytes) {
    const db = await database();
    let seq = 0;
    const put = (data: Buffer) => db.insert(attachmentChunks).values({ storageKey: key, seq: seq++, data });
    for await (const chunk of rechunk(bytes, CHUNK_BYTES)) await put(chunk);
  },
  async read(key) {
    const db = await database();
    let seq = 0;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const [chunk] = await db
          .select({ data: attachmentChunks.data })
          .from(attachmentChunks)
          .where(and(eq(attachmentChunks.storageKey, key), eq(attachmentChunks.seq, seq++)));
        if (chunk) controller.enqueue(new Uint8Array(chunk.data));
        else controller.close();
      },
    });
  },
  async remove(key) {
    const db = await database();
    await db.delete(attachmentChunks).where(eq(attachmentChunks.storageKey, key));
  },
};

/** The bytes again, in pieces of exactly `size` (the last one shorter). */
export async function* rechunk(bytes: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let held = 0;
  for await (const piece of bytes) {
    pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    held += piece.byteLength;
    while (held >= size) {
      const all = Buffer.concat(pending, held);
      yield all.subarray(0, size);
      pending = [all.subarray(size)];
      held -= size;
    }
  }
  if (held > 0) yield Buffer.concat(pending, held);
}
