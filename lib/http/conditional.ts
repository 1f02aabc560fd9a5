import { AppError } from "@/lib/errors";
import type { Precondition } from "@/lib/tasks/precondition";
import { parsePrecondition } from "./etag";

/** If-Match: the revisions a write may replace (undefined: unconditional). */
export function ifMatch(req: Request): Precondition | undefined {
  return parsePrecondition(req.headers.get("if-match"), "strong");
}

/** If-None-Match: the revisions the client already has (undefined: none). */
export function ifNoneMatch(req: Request): Precondition | undefined {
  return parsePrecondition(req.headers.get("if-none-match"), "weak");
}

// HTTP trims header values, so no leading or trailing space can arrive here.
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** Idempotency-Key: 1-255 printable ASCII characters. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.headers.get("idempotency-key");
  if (key === null) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new AppError("invalid_header", "Idempotency-Key must be 1 to 255 printable ASCII characters.", [
      { path: "Idempotency-Key", message: "Must be 1 to 255 printable ASCII characters." },
    ]);
  }
  return key;
}
