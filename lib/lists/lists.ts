import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { database, type Executor } from "@/db/client";
import { listMembers, lists, tasks, users } from "@/db/schema";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, invalidCursor, type CursorContext } from "@/lib/tasks/cursor";
import { assertOwnerExists } from "@/lib/tasks/owner";
import type { Precondition } from "@/lib/tasks/precondition";
import { buryTasks } from "@/lib/tasks/tombstones";
import { MANAGING_ROLES } from "./access";
import { recordDepartures } from "./departures";
import { listAccess, listMissFor, lockCounters, refuseInbox, requireRole, type ListAccess } from "./lookup";
import type { CreateListBody, ListListsQuery, UpdateListBody } from "./schemas";
import { findListView, listRank, listViews, type ListView } from "./view";

// The lists themselves: the caller's lists page by page, create, one list, rename or
// recolour, delete. Members, invitations and transfer are in their own files.

export type ListPage = { items: ListView[]; nextCursor: string | null };

const cursorContext = (): CursorContext => ({ binding: "lists", secret: config().authSecret });

/** GET /api/lists: one page in the listing's order (view.ts), after the cursor's list. */
export async function listLists(userId: string, query: ListListsQuery): Promise<ListPage> {
  const db = await database();
  const after = query.cursor === undefined ? undefined : decodeListCursor(query.cursor);
  const where = after && sql`(${listRank}, ${lists.createdAt}, ${lists.id}) > (${after.rank}::integer, ${after.createdAt}::timestamptz, ${after.id})`;
  const rows = await listViews(db, userId, where).limit(query.limit + 1);
  // Every account has its Inbox: none means the credentials outlived the account (401).
  if (rows.length === 0 && after === undefined) await assertOwnerExists(db, userId);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const more = rows.length > query.limit && last !== undefined;
  return { items, nextCursor: more ? encodeCursor({ key: `${last.rank}|${last.createdAt.toISOString()}`, id: last.id }, cursorContext()) : null };
}

function decodeListCursor(cursor: string) {
  const { key, id } = decodeCursor(cursor, cursorContext());
  const [rank, createdAt] = typeof key === "string" ? key.split("|") : [];
  if (!rank || !createdAt || !/^[0-2]$/.test(rank) || Number.isNaN(Date.parse(createdAt))) throw invalidCursor();
  return { rank: Number(rank), createdAt, id };
}

/** GET /api/lists/{id}: any member. */
export async function getList(userId: string, listId: string, db?: Executor): Promise<ListView> {
  const exec = db ?? (await database());
  const access = await listAccess(exec, userId, listId);
  const view = await findListView(exec, userId, access.listId);
  if (!view) throw await listMissFor(exec, userId);
  return view;
}

/**
 * POST /api/lists. The owner's row in users is locked (no key update: sign-ins and the
 * foreign keys of their other writes pass) so that two creates cannot both slip under
 * MAX_LISTS_PER_USER.
 */
export async function createList(userId: string, body: CreateListBody): Promise<ListView> {
  const db = await database();
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("no key update");
    if (!owner) throw await listMissFor(tx, userId);
    const cap = config().lists.maxPerUser;
    const [owned] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(lists).where(eq(lists.ownerId, userId));
    if (owned!.n >= cap) throw new AppError("list_limit_reached", `You can own at most ${cap} lists; delete one to create another.`);
    const id = randomUUID();
    await tx.insert(lists).values({ id, ownerId: userId, name: body.name, color: body.color ?? null });
    await tx.insert(listMembers).values({ listId: id, userId, role: "owner" });
    return (await findListView(tx, userId, id))!;
  });
}

/** PATCH /api/lists/{id}: admin or owner; If-Match against the list's revision. */
export async function updateList(userId: string, listId: string, patch: UpdateListBody, ifMatch: Precondition | undefined): Promise<ListView> {
  const db = await database();
  return db.transaction(async (tx) => {
    const access = await listAccess(tx, userId, listId, "no key update");
    requireRole(access, MANAGING_ROLES, "Only the owner and admins of a list can change it.");
    if (patch.name !== undefined) refuseInbox(access, "The Inbox cannot be renamed (its colour can be changed).");
    checkIfMatch(access, ifMatch);
    await tx
      .update(lists)
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.color !== undefined && { color: patch.color }),
        revision: sql`${lists.revision} + 1`,
        updatedAt: sql`greatest(clock_timestamp(), ${lists.updatedAt} + interval '1 millisecond')`,
      })
      .where(eq(lists.id, access.listId));
    return (await findListView(tx, userId, access.listId))!;
  });
}

/**
 * DELETE /api/lists/{id}: the owner only. In one transaction: the owner's counter, then
 * the list row, locked (the order task writes take them in); its tasks deleted with their
 * tombstones (the change feed's report to every member); a departure for every member,
 * the owner included; then the list (members and invitations go with it).
 */
export async function deleteList(userId: string, listId: string, ifMatch: Precondition | undefined): Promise<void> {
  const db = await database();
  await db.transaction(async (tx) => {
    const seen = await listAccess(tx, userId, listId);
    checkDeletable(seen);
    await lockCounters(tx, [seen.ownerId]);
    const access = await listAccess(tx, userId, listId, "update");
    checkDeletable(access);
    checkIfMatch(access, ifMatch);
    await dropList(tx, access.listId, access.ownerId);
  });
}

function checkDeletable(access: ListAccess): void {
  requireRole(access, ["owner"], "Only the owner of a list can delete it.");
  refuseInbox(access, "The Inbox cannot be deleted.");
}

/** Deletes a list whose owner's counter and row the caller has locked: tasks, departures, list. */
export async function dropList(tx: Executor, listId: string, ownerId: string): Promise<void> {
  await buryTasks(tx, eq(tasks.listId, listId));
  await recordDepartures(tx, listId, ownerId);
  await tx.delete(lists).where(eq(lists.id, listId));
}

export function checkIfMatch(access: ListAccess, ifMatch: Precondition | undefined): void {
  if (ifMatch === undefined || ifMatch === "*" || ifMatch.includes(access.revision)) return;
  throw new AppError("precondition_failed", "The list has changed since that ETag; fetch it again.", undefined, {
    revision: access.revision,
  });
}
