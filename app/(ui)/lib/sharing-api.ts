import { TasksApiError } from "@/lib/client";
import { api } from "./api-client";

// Lists, members and invitations: the one place the UI reaches those endpoints.
//
// PLACEHOLDER until the SDK has lists.*, invitations.* and members.* (branch i11-lists-api
// adds them, with the OpenAPI paths and regenerated api-types.ts): the shapes below are the
// specified contract written out by hand, and the calls go through the SDK's own
// openapi-fetch client (`api.http`: its cookie handling, its errors) with the paths untyped.
// Once the SDK has them, this file becomes a re-export of `api.lists` & co. and the types
// come from "@/lib/client"; no component changes.

export type ListRole = "owner" | "admin" | "editor" | "viewer";
export type InvitableRole = Exclude<ListRole, "owner">;
type Person = { id: string; name: string };

export type TaskList = {
  id: string;
  name: string;
  /** #rrggbb, lower case, or null. */
  color: string | null;
  inbox: boolean;
  /** The caller's role. */
  role: ListRole;
  owner: Person;
  memberCount: number;
  taskCount: number;
  createdAt: string;
  updatedAt: string;
};
export type ListPage = { items: TaskList[]; nextCursor: string | null };
export type ListBody = { name: string; color?: string | null };

export type Invitation = {
  id: string;
  listId: string;
  email: string;
  role: InvitableRole;
  invitedBy: Person | null;
  createdAt: string;
  expiresAt: string;
};
export type ReceivedInvitation = Omit<Invitation, "listId" | "email"> & { list: { id: string; name: string } };
export type ReceivedInvitations = { items: ReceivedInvitation[]; verificationRequired: boolean };

export type Member = { userId: string; name: string; email: string; role: ListRole; joinedAt: string };

type CallOptions = { signal?: AbortSignal };
type Init = { params?: { path?: Record<string, string>; query?: Record<string, string | number> }; body?: unknown; signal?: AbortSignal };
type Outcome = { data?: unknown; error?: unknown; response: Response };
type Method = (path: string, init?: Init) => Promise<Outcome>;
// The SDK's client, without the path types it does not have yet (see above).
const http = api.http as unknown as Record<"GET" | "POST" | "PATCH" | "DELETE", Method>;

async function call<T>(pending: Promise<Outcome>): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok) throw new TasksApiError(response, error);
  return data as T;
}

const inList = (id: string, more: Record<string, string> = {}) => ({ path: { id, ...more } });

export const sharing = {
  lists: {
    /** GET /api/lists: one page (up to 200), Inbox first, then owned, then shared. */
    list: ({ signal }: CallOptions = {}, cursor?: string) =>
      call<ListPage>(http.GET("/api/lists", { params: { query: { limit: 200, ...(cursor && { cursor }) } }, signal })),
    create: (body: ListBody) => call<TaskList>(http.POST("/api/lists", { body })),
    update: (id: string, body: Partial<ListBody>) => call<TaskList>(http.PATCH("/api/lists/{id}", { params: inList(id), body })),
    delete: (id: string) => call<void>(http.DELETE("/api/lists/{id}", { params: inList(id) })),
    transfer: (id: string, userId: string) => call<TaskList>(http.POST("/api/lists/{id}/transfer", { params: inList(id), body: { userId } })),
  },
  members: {
    list: (id: string) => call<{ items: Member[] }>(http.GET("/api/lists/{id}/members", { params: inList(id) })),
    update: (id: string, userId: string, role: InvitableRole) =>
      call<Member>(http.PATCH("/api/lists/{id}/members/{userId}", { params: inList(id, { userId }), body: { role } })),
    /** Removes a member; one's own id: leaves the list. */
    remove: (id: string, userId: string) => call<void>(http.DELETE("/api/lists/{id}/members/{userId}", { params: inList(id, { userId }) })),
  },
  invitations: {
    /** A list's pending invitations (admin or owner). */
    listOf: (id: string) => call<{ items: Invitation[] }>(http.GET("/api/lists/{id}/invitations", { params: inList(id) })),
    create: (id: string, body: { email: string; role: InvitableRole }) =>
      call<Invitation>(http.POST("/api/lists/{id}/invitations", { params: inList(id), body })),
    cancel: (id: string, invitationId: string) =>
      call<void>(http.DELETE("/api/lists/{id}/invitations/{invitationId}", { params: inList(id, { invitationId }) })),
    /** The caller's own pending invitations. */
    received: ({ signal }: CallOptions = {}) => call<ReceivedInvitations>(http.GET("/api/invitations", { signal })),
    accept: (invitationId: string) => call<TaskList>(http.POST("/api/invitations/{id}/accept", { params: inList(invitationId) })),
    decline: (invitationId: string) => call<void>(http.POST("/api/invitations/{id}/decline", { params: inList(invitationId) })),
  },
};
