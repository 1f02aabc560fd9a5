import { AppError } from "@/lib/errors";
import { isUuid } from "./ids";

// The change feed's tokens (GET /api/tasks/changes?since=…), opaque to clients.
//
// Positions are transaction ids (txid, lib/tasks/changes.ts). A complete sync ends at a
// `floor`: every transaction below it had ended when the sync read, so the client has all
// it wrote, and the next sync reads everything written at or above it (some of it again,
// which a client applying upserts and deletions takes in its stride).
//
// A sync of more than one page carries, besides its floor so far (the lowest xmin of its
// pages' snapshots), where it started (`since`, which decides which lists it sends whole)
// and the key (txid, id) of the last change it sent: the next page starts after it.

export type SyncPosition = {
  /** The complete sync this one continues from; null for a first sync. */
  since: number | null;
  /** Paging: the last change sent, or null on a first page. */
  after: { txid: number; id: string } | null;
  /** The lowest snapshot xmin of the pages so far; null before the first. */
  floor: number | null;
};

const COMPLETE = /^x(\d{1,19})$/;
const PAGED = /^p(-|\d{1,19})a(\d{1,19})\.([0-9a-f-]{36})f(\d{1,19})$/;
// What this API issued before lists: a per-owner revision, meaningless now.
const BEFORE_LISTS = /^r\d{1,15}(?:d\d{1,15})?$/;

export function encodeSyncToken(position: SyncPosition): string {
  const { since, after, floor } = position;
  const text = after ? `p${since ?? "-"}a${after.txid}.${after.id}f${floor}` : `x${floor}`;
  return Buffer.from(text).toString("base64url");
}

/** The position a complete sync leaves the client at. */
export function completeAt(floor: number): string {
  return encodeSyncToken({ since: floor, after: null, floor });
}

export function decodeSyncToken(token: string): SyncPosition {
  const text = Buffer.from(token, "base64url").toString("utf8");
  if (BEFORE_LISTS.test(text) && Buffer.from(text).toString("base64url") === token) throw syncTokenExpired();
  const position = parse(text);
  if (!position || encodeSyncToken(position) !== token) throw notIssued();
  return position;
}

function parse(text: string): SyncPosition | undefined {
  const complete = COMPLETE.exec(text);
  if (complete) {
    const floor = safe(complete[1]!);
    return floor === undefined ? undefined : { since: floor, after: null, floor };
  }
  const paged = PAGED.exec(text);
  if (!paged) return undefined;
  const since = paged[1] === "-" ? null : safe(paged[1]!);
  const txid = safe(paged[2]!);
  const floor = safe(paged[4]!);
  const id = paged[3]!;
  if (since === undefined || txid === undefined || floor === undefined || !isUuid(id)) return undefined;
  return { since, after: { txid, id }, floor };
}

function safe(digits: string): number | undefined {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}

function notIssued(): AppError {
  return new AppError("invalid_query", "The since token is not one this API returned.", [{ path: "since", message: "Invalid sync token." }]);
}

export function syncTokenExpired(): AppError {
  return new AppError(
    "sync_token_expired",
    "This sync token is older than the deletions the server keeps: sync again without since, and replace your copy with what that returns.",
    [{ path: "since", message: "Expired: sync again without it." }],
  );
}
