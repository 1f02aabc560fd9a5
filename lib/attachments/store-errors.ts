/** A failure of the store itself (S3 down, refusing): a 503, never the client's fault (lib/http/to-app-error.ts). */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  readonly code = "STORE_UNAVAILABLE";
}
