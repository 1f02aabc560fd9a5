import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";
import { isUuid } from "./ids";

/** A sort key as a cursor carries it: millis, a title, a priority, a rank, or null. */
export type CursorKey = number | string | null;

/** Where a page ended: the last task's sort key and id (the list's total order). */
export type ListPosition = { key: CursorKey; id: string };

export type CursorContext = {
  /** The listing the cursor belongs to: sort, order and filters, normalised (list.ts). */
  binding: string;
  /** The server's secret (config().authSecret); the MAC key is derived from it. */
  secret: string;
};

// A cursor is `<payload>.<mac>`: the payload is base64url of [key, id]; the MAC is
// HMAC-SHA256 over the payload and the listing it belongs to, truncated to 128 bits. So a
// client can neither forge a position nor reuse one with another sort or filter (its key
// would be compared against the wrong column). The MAC covers the payload as text, so
// changing any character of it, even base64 padding bits, is caught. Ownership never comes
// from the cursor: the query filters on the caller, whoever's cursor it is.
const MAC_BYTES = 16;
const MAC_CHARS = 22; // base64url of 16 bytes, unpadded
const SHAPE = new RegExp(`^([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]{${MAC_CHARS}})$`);

// Its own key, not the auth secret itself; bump the label when the payload changes and
// every older cursor becomes invalid rather than misread.
// Derived once per secret, not on every page (the secret is fixed for the process).
let derived: { secret: string; key: Buffer } | undefined;
function macKey(secret: string): Buffer {
  if (derived?.secret !== secret) derived = { secret, key: createHmac("sha256", secret).update("tasks-cursor-v1").digest() };
  return derived.key;
}

function mac(payload: string, context: CursorContext): string {
  // Unambiguous: the payload is base64url, so the first "." ends it.
  return createHmac("sha256", macKey(context.secret))
    .update(`${payload}.${context.binding}`)
    .digest()
    .subarray(0, MAC_BYTES)
    .toString("base64url");
}

export function encodeCursor(position: ListPosition, context: CursorContext): string {
  const payload = Buffer.from(JSON.stringify([position.key, position.id])).toString("base64url");
  return `${payload}.${mac(payload, context)}`;
}

export function decodeCursor(cursor: string, context: CursorContext): ListPosition {
  const [, payload, given] = SHAPE.exec(cursor) ?? [];
  if (payload && given && timingSafeEqual(Buffer.from(given), Buffer.from(mac(payload, context)))) {
    try {
      const value: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      if (Array.isArray(value) && value.length === 2) {
        const [key, id] = value as [unknown, unknown];
        const keyOk = key === null || typeof key === "string" || (typeof key === "number" && Number.isFinite(key));
        if (keyOk && typeof id === "string" && isUuid(id)) return { key, id };
      }
    } catch {
      // fall through: we signed it, so this is a bug or a changed format; still the client's 400
    }
  }
  throw invalidCursor();
}

/** The one answer to any cursor we cannot use: forged, altered, or from another listing. */
export function invalidCursor(): AppError {
  return new AppError("invalid_query", "The cursor is not one this API returned for this sort and these filters.", [
    { path: "cursor", message: "Invalid cursor." },
  ]);
}
