import type { Precondition } from "@/lib/tasks/precondition";
import type { ListPage } from "@/lib/lists/lists";
import type { InvitationJson, ListPageJson } from "@/lib/lists/responses";
import { listJson, type ListView } from "@/lib/lists/view";
import { etagOf } from "./etag";

// The answers of /api/lists with their headers. A list's ETag is its revision: it moves
// with its name, colour and owner (what If-Match protects); the counts and the caller's
// role in the body are read live and do not move it.

export function listResponse(view: ListView, ifNoneMatch?: Precondition, status = 200): Response {
  const etag = etagOf(view);
  if (ifNoneMatch && (ifNoneMatch === "*" || ifNoneMatch.includes(view.revision))) {
    return new Response(null, { status: 304, headers: { ETag: etag } });
  }
  const headers: Record<string, string> = { ETag: etag };
  if (status === 201) headers.Location = `/api/lists/${view.id}`;
  return Response.json(listJson(view), { status, headers });
}

export function listPageResponse(page: ListPage): Response {
  const body: ListPageJson = { items: page.items.map(listJson), nextCursor: page.nextCursor };
  return Response.json(body);
}

export function createdInvitationResponse(invitation: InvitationJson): Response {
  return Response.json(invitation, {
    status: 201,
    headers: { Location: `/api/lists/${invitation.listId}/invitations/${invitation.id}` },
  });
}
