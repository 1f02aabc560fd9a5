import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, lte, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { database, type Executor } from "@/db/client";
import { listInvitations, listMembers, lists, users } from "@/db/schema";
import { config } from "@/lib/config";
import { recordMemberEvent } from "@/lib/history/record";
import { emailVerificationAvailable } from "@/lib/mail/delivery";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/tasks/ids";
import { consume } from "@/lib/rate-limit/store";
import { MANAGING_ROLES } from "./access";
import { listAccess, refuseInbox, requireRole, type ListAccess } from "./lookup";
import type { InvitationJson, ReceivedInvitationJson, ReceivedInvitationsJson } from "./responses";
import type { CreateInvitationBody } from "./schemas";
import { findListView, type ListView } from "./view";

// Invitations: sent by a list's admins and owner to an email address, answered by the
// account with that address (accept or decline). Nothing about the address's account is
// read when one is sent, so the answer is the same whether it exists or not: invitations
// cannot probe for accounts. An expired invitation is a 404 like a missing one, and is
// deleted by the next invitation sent for its list.

/** With SMTP configured, only an account whose email is verified sees and answers invitations to it. */
export function invitationsNeedVerifiedEmail(): boolean {
  return emailVerificationAvailable();
}

const invitationMiss = () => new AppError("not_found", "No such invitation.");
const inviter = alias(users, "inviter");
const unexpired = () => gt(listInvitations.expiresAt, sql`now()`);

type InvitationRow = Omit<InvitationJson, "invitedBy" | "createdAt" | "expiresAt"> & {
  inviterId: string | null;
  inviterName: string | null;
  createdAt: Date;
  expiresAt: Date;
};

const invitationColumns = {
  id: listInvitations.id,
  listId: listInvitations.listId,
  email: listInvitations.email,
  role: listInvitations.role,
  inviterId: inviter.id,
  inviterName: inviter.name,
  createdAt: listInvitations.createdAt,
  expiresAt: listInvitations.expiresAt,
};

function invitedBy(row: { inviterId: string | null; inviterName: string | null }) {
  return row.inviterId === null || row.inviterName === null ? null : { id: row.inviterId, name: row.inviterName };
}

function invitationJson({ inviterId, inviterName, ...row }: InvitationRow): InvitationJson {
  return {
    ...row,
    invitedBy: invitedBy({ inviterId, inviterName }),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

function checkCanInvite(access: ListAccess): void {
  requireRole(access, MANAGING_ROLES, "Only the owner and admins of a list can invite.");
  refuseInbox(access, "The Inbox cannot be shared.");
}

/**
 * POST /api/lists/{id}/invitations: admin or owner. Inviting the same address again renews
 * its invitation (role, inviter, expiry). Counted against INVITATION_RATE_LIMIT_PER_HOUR
 * once the caller is known to be allowed to invite (so only their own attempts count),
 * and refused past MAX_LIST_MEMBERS members and pending invitations.
 */
export async function createInvitation(userId: string, listId: string, body: CreateInvitationBody): Promise<InvitationJson> {
  const db = await database();
  checkCanInvite(await listAccess(db, userId, listId));
  // Outside the transaction: the counters have their own connection (or Redis), and the
  // embedded database has one connection only.
  await takeInvitation(userId);
  return db.transaction(async (tx) => {
    const access = await listAccess(tx, userId, listId, "no key update");
    checkCanInvite(access);
    await refuseMember(tx, access.listId, body.email);
    await tx.delete(listInvitations).where(and(eq(listInvitations.listId, access.listId), lte(listInvitations.expiresAt, sql`now()`)));
    await checkRoom(tx, access.listId, body.email);
    const { invitationTtlDays } = config().lists;
    const expiresAt = sql`now() + make_interval(days => ${invitationTtlDays}::integer)`;
    const [written] = await tx
      .insert(listInvitations)
      .values({ id: randomUUID(), listId: access.listId, email: body.email, role: body.role, invitedBy: userId, expiresAt })
      .onConflictDoUpdate({
        target: [listInvitations.listId, listInvitations.email],
        set: { role: body.role, invitedBy: userId, expiresAt },
      })
      .returning({ id: listInvitations.id });
    await recordMemberEvent(tx, access.listId, userId, { action: "invited", email: body.email, role: body.role });
    return (await invitationsOf(tx, access.listId, written!.id))[0]!;
  });
}

async function takeInvitation(userId: string): Promise<void> {
  const max = config().lists.invitationsPerHour;
  const verdict = await consume(`list-invitations:${userId}`, { window: 3600, max });
  if (verdict.allowed) return;
  throw new AppError(
    "rate_limited",
    `At most ${max} invitations per hour: retry after the seconds in Retry-After.`,
    undefined,
    { quota: verdict },
  );
}

// A current member's address: they are in already (members are visible to whoever may invite).
async function refuseMember(db: Executor, listId: string, email: string): Promise<void> {
  const [member] = await db
    .select({ id: users.id })
    .from(listMembers)
    .innerJoin(users, eq(users.id, listMembers.userId))
    .where(and(eq(listMembers.listId, listId), eq(sql`lower(${users.email})`, email)));
  if (member) throw new AppError("conflict", "That address belongs to a member of this list already.");
}

async function checkRoom(db: Executor, listId: string, email: string): Promise<void> {
  const cap = config().lists.maxMembers;
  const rows = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(listInvitations)
    .where(and(eq(listInvitations.listId, listId), ne(listInvitations.email, email)));
  const [members] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(listMembers).where(eq(listMembers.listId, listId));
  if (rows[0]!.n + members!.n >= cap) {
    throw new AppError("member_limit_reached", `A list can have at most ${cap} members and pending invitations together.`);
  }
}

async function invitationsOf(db: Executor, listId: string, id?: string): Promise<InvitationJson[]> {
  const rows = await db
    .select(invitationColumns)
    .from(listInvitations)
    .leftJoin(inviter, eq(inviter.id, listInvitations.invitedBy))
    .where(and(eq(listInvitations.listId, listId), id === undefined ? unexpired() : eq(listInvitations.id, id)))
    .orderBy(asc(listInvitations.createdAt), asc(listInvitations.id));
  return rows.map(invitationJson);
}

/** GET /api/lists/{id}/invitations: admin or owner; the pending ones, oldest first (at most MAX_LIST_MEMBERS). */
export async function listInvitationsOf(userId: string, listId: string): Promise<InvitationJson[]> {
  const db = await database();
  const access = await listAccess(db, userId, listId);
  requireRole(access, MANAGING_ROLES, "Only the owner and admins of a list can see its invitations.");
  return invitationsOf(db, access.listId);
}

/** DELETE /api/lists/{id}/invitations/{invId}: the inviter, or an admin or the owner. */
export async function cancelInvitation(userId: string, listId: string, invitationId: string): Promise<void> {
  const db = await database();
  const access = await listAccess(db, userId, listId);
  if (!isUuid(invitationId)) throw invitationMiss();
  const [found] = await db
    .select({ invitedBy: listInvitations.invitedBy })
    .from(listInvitations)
    .where(and(eq(listInvitations.listId, access.listId), eq(listInvitations.id, invitationId)));
  if (!found) throw invitationMiss();
  if (found.invitedBy !== userId) requireRole(access, MANAGING_ROLES, "Only the inviter, the owner and admins can cancel an invitation.");
  await db.delete(listInvitations).where(and(eq(listInvitations.listId, access.listId), eq(listInvitations.id, invitationId)));
}

// The invitations addressed to the caller: their account's email, lower-cased, unexpired,
// and (with SMTP configured) only once that email is verified.
function addressedTo(userId: string) {
  return and(
    eq(users.id, userId),
    eq(listInvitations.email, sql`lower(${users.email})`),
    unexpired(),
    invitationsNeedVerifiedEmail() ? eq(users.emailVerified, true) : undefined,
  );
}

const RECEIVED_MAX = 100;

/** GET /api/invitations: the caller's pending invitations, newest first, at most 100. */
export async function receivedInvitations(userId: string): Promise<ReceivedInvitationsJson> {
  const db = await database();
  const [me] = await db.select({ verified: users.emailVerified }).from(users).where(eq(users.id, userId));
  if (!me) throw new AppError("unauthorized", "The account behind these credentials no longer exists.");
  if (invitationsNeedVerifiedEmail() && !me.verified) return { items: [], verificationRequired: true };
  const rows = await db
    .select({ ...invitationColumns, listName: lists.name })
    .from(listInvitations)
    .innerJoin(users, eq(users.id, userId))
    .innerJoin(lists, eq(lists.id, listInvitations.listId))
    .leftJoin(inviter, eq(inviter.id, listInvitations.invitedBy))
    .where(addressedTo(userId))
    .orderBy(desc(listInvitations.createdAt), desc(listInvitations.id))
    .limit(RECEIVED_MAX);
  const items = rows.map(
    (row): ReceivedInvitationJson => ({
      id: row.id,
      list: { id: row.listId, name: row.listName },
      role: row.role,
      invitedBy: invitedBy(row),
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
    }),
  );
  return { items, verificationRequired: false };
}

async function addressedInvitation(db: Executor, userId: string, invitationId: string) {
  if (!isUuid(invitationId)) throw invitationMiss();
  const [found] = await db
    .select({ id: listInvitations.id, listId: listInvitations.listId, role: listInvitations.role })
    .from(listInvitations)
    .innerJoin(users, eq(users.id, userId))
    .where(and(eq(listInvitations.id, invitationId), addressedTo(userId)))
    .for("update", { of: listInvitations });
  if (!found) throw invitationMiss();
  return found;
}

/** POST /api/invitations/{id}/accept: the caller joins the list with the invitation's role. */
export async function acceptInvitation(userId: string, invitationId: string): Promise<ListView> {
  const db = await database();
  return db.transaction(async (tx) => {
    const invitation = await addressedInvitation(tx, userId, invitationId);
    // Already a member (their email changed to the invited one): they keep the role they have.
    const joined = await tx
      .insert(listMembers)
      .values({ listId: invitation.listId, userId, role: invitation.role })
      .onConflictDoNothing()
      .returning({ role: listMembers.role });
    if (joined.length > 0) {
      await recordMemberEvent(tx, invitation.listId, userId, { action: "joined", memberId: userId, role: { from: null, to: invitation.role } });
    }
    await tx.delete(listInvitations).where(eq(listInvitations.id, invitation.id));
    return (await findListView(tx, userId, invitation.listId))!;
  });
}

/** POST /api/invitations/{id}/decline: the invitation goes; nothing else changes. */
export async function declineInvitation(userId: string, invitationId: string): Promise<void> {
  const db = await database();
  await db.transaction(async (tx) => {
    const invitation = await addressedInvitation(tx, userId, invitationId);
    await tx.delete(listInvitations).where(eq(listInvitations.id, invitation.id));
  });
}
