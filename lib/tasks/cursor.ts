import { AppError } from "@/lib/http/problem";
import { isUuid } from "./ids";

/** Where a page ended: the last task's creation time and id (the list's total order). */
export type ListPosition = { createdAt: Date; id: string };

// Opaque to clients: base64url of [createdAtMillis, id]. Ownership never comes from the
// cursor (the query filters on the caller), so a forged one can only skip tasks.
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.getTime(), position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): ListPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2) {
      const [millis, id] = value as [unknown, unknown];
      if (Number.isSafeInteger(millis) && typeof id === "string" && isUuid(id)) {
        const createdAt = new Date(millis as number);
        if (!Number.isNaN(createdAt.getTime())) return { createdAt, id };
      }
    }
  } catch {
    // fall through: any undecodable cursor is the same client error
  }
  throw new AppError("invalid_query", "The cursor is not one this API returned.", [
    { path: "cursor", message: "Invalid cursor." },
  ]);
}
