import type { Storage } from "@/db/schema";

// What every store of attachments' bytes does (object-store.ts picks one): its own module, so
// that the stores and the picker do not import each other.
export type ObjectStore = {
  readonly kind: Storage;
  /** Stores the bytes under `key` as they come, a part at a time; resolves once all is stored. */
  write(key: string, bytes: AsyncIterable<Uint8Array>): Promise<void>;
  /** The bytes under `key`, read a part at a time as the client takes them. */
  read(key: string): Promise<ReadableStream<Uint8Array>>;
  /** Removes what is under `key`; nothing there is not an error. */
  remove(key: string): Promise<void>;
};
