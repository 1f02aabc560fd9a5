import { randomUUID } from "node:crypto";

// What a client may choose as its request id: enough for UUIDs, ULIDs, trace ids and
// "service:host:n" schemes, nothing that could break a log line or a header.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's X-Request-Id when it is sane, else a fresh UUID. */
export function requestIdOf(given: string | null): string {
  return given !== null && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}
