import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { listMembers, lists, users } from "@/db/schema";
import type { ListJson } from "./responses";

// A list as the caller sees it (GET /api/lists and every answer with a list in it): its
// fields, the caller's role, its owner, and two live counts. memberCount is bounded by
// MAX_LIST_MEMBERS; taskCount is an index-only count over idx_tasks_list_created (measured
// in README: a few milliseconds for 50,000 tasks).

/** Inbox first, then the lists the caller owns, then those shared with them. */
export const listRank = sql<number>`(case when ${lists.inbox} then 0 when ${listMembers.role} = 'owner' then 1 else 2 end)`;

const viewColumns = {
  id: lists.id,
  name: lists.name,
  color: lists.color,
  inbox: lists.inbox,
  role: listMembers.role,
  ownerId: lists.ownerId,
  ownerName: users.name,
  memberCount: sql<number>`(select count(*) from ${listMembers} c where c.list_id = ${lists.id})`.mapWith(Number),
  taskCount: sql<number>`(select count(*) from tasks t where t.list_id = ${lists.id})`.mapWith(Number),
  createdAt: lists.createdAt,
  updatedAt: lists.updatedAt,
  revision: lists.revision,
  rank: listRank.mapWith(Number),
};

/** The caller's lists matching `where`, in the listing's order. */
export function listViews(db: Executor, userId: string, where?: SQL) {
  return db
    .select(viewColumns)
    .from(listMembers)
    .innerJoin(lists, eq(lists.id, listMembers.listId))
    .innerJoin(users, eq(users.id, lists.ownerId))
    .where(and(eq(listMembers.userId, userId), where))
    .orderBy(listRank, asc(lists.createdAt), asc(lists.id));
}

export type ListView = Awaited<ReturnType<typeof listViews>>[number];

/** One list as the caller sees it; undefined when they are not a member. */
export async function findListView(db: Executor, userId: string, listId: string): Promise<ListView | undefined> {
  const [view] = await listViews(db, userId, eq(lists.id, listId));
  return view;
}

export function listJson(view: ListView): ListJson {
  return {
    id: view.id,
    name: view.name,
    color: view.color,
    inbox: view.inbox,
    role: view.role,
    owner: { id: view.ownerId, name: view.ownerName },
    memberCount: view.memberCount,
    taskCount: view.taskCount,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}
