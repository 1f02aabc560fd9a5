import type { Http } from "./http";
import { succeed } from "./http";
import type { CallOptions, WriteOptions } from "./task-methods";
import type {
  CreateInvitationBody,
  CreateListBody,
  Invitation,
  InvitationList,
  List,
  ListListsQuery,
  ListPage,
  Member,
  MemberList,
  ReceivedInvitations,
  UpdateListBody,
  UpdateMemberBody,
} from "./schemas";

// /api/lists (lists, members) and /api/invitations, one method per operation, like
// task-methods.ts: each resolves to the body (with the ETag where a list comes back) or
// throws TasksApiError.

/** A list and the version it is at: pass `etag` back as `ifMatch`. */
export type ListVersion = { list: List; etag: string };

function versioned({ data, response }: { data: List; response: Response }): ListVersion {
  return { list: data, etag: response.headers.get("etag") ?? "" };
}

const ifMatch = (options: WriteOptions) => (options.ifMatch === undefined ? undefined : { "If-Match": options.ifMatch });
const listPath = (id: string) => ({ path: { id } });

export function listMethods(http: Http) {
  return {
    /** GET /api/lists: one page; pass `nextCursor` back as `cursor` until it is null. */
    async list(query: ListListsQuery = {}, { signal }: CallOptions = {}): Promise<ListPage> {
      return (await succeed(http.GET("/api/lists", { params: { query }, signal }))).data;
    },
    /** POST /api/lists. */
    async create(body: CreateListBody, { signal }: CallOptions = {}): Promise<ListVersion> {
      return versioned(await succeed(http.POST("/api/lists", { body, signal })));
    },
    /** GET /api/lists/{id}. */
    async get(id: string, { signal }: CallOptions = {}): Promise<ListVersion> {
      return versioned(await succeed(http.GET("/api/lists/{id}", { params: listPath(id), signal })));
    },
    /** PATCH /api/lists/{id}: rename or recolour (admin or owner). */
    async update(id: string, body: UpdateListBody, options: WriteOptions = {}): Promise<ListVersion> {
      const params = { ...listPath(id), header: ifMatch(options) };
      return versioned(await succeed(http.PATCH("/api/lists/{id}", { params, body, signal: options.signal })));
    },
    /** DELETE /api/lists/{id}: the list and its tasks (owner only). */
    async delete(id: string, options: WriteOptions = {}): Promise<void> {
      const params = { ...listPath(id), header: ifMatch(options) };
      await succeed(http.DELETE("/api/lists/{id}", { params, signal: options.signal }));
    },
    /** POST /api/lists/{id}/transfer: the owner hands the list to a member. */
    async transfer(id: string, userId: string, { signal }: CallOptions = {}): Promise<ListVersion> {
      return versioned(await succeed(http.POST("/api/lists/{id}/transfer", { params: listPath(id), body: { userId }, signal })));
    },
  };
}

export function memberMethods(http: Http) {
  const memberPath = (id: string, userId: string) => ({ path: { id, userId } });
  return {
    /** GET /api/lists/{id}/members. */
    async list(listId: string, { signal }: CallOptions = {}): Promise<MemberList> {
      return (await succeed(http.GET("/api/lists/{id}/members", { params: listPath(listId), signal }))).data;
    },
    /** PATCH /api/lists/{id}/members/{userId}: a role below owner. */
    async update(listId: string, userId: string, body: UpdateMemberBody, { signal }: CallOptions = {}): Promise<Member> {
      return (await succeed(http.PATCH("/api/lists/{id}/members/{userId}", { params: memberPath(listId, userId), body, signal }))).data;
    },
    /** DELETE /api/lists/{id}/members/{userId}: remove a member, or leave (your own id). */
    async remove(listId: string, userId: string, { signal }: CallOptions = {}): Promise<void> {
      await succeed(http.DELETE("/api/lists/{id}/members/{userId}", { params: memberPath(listId, userId), signal }));
    },
  };
}

export function invitationMethods(http: Http) {
  const invitationPath = (id: string) => ({ path: { id } });
  return {
    /** GET /api/invitations: the ones sent to your address. */
    async received({ signal }: CallOptions = {}): Promise<ReceivedInvitations> {
      return (await succeed(http.GET("/api/invitations", { signal }))).data;
    },
    /** POST /api/invitations/{id}/accept: the list you joined. */
    async accept(id: string, { signal }: CallOptions = {}): Promise<ListVersion> {
      return versioned(await succeed(http.POST("/api/invitations/{id}/accept", { params: invitationPath(id), signal })));
    },
    /** POST /api/invitations/{id}/decline. */
    async decline(id: string, { signal }: CallOptions = {}): Promise<void> {
      await succeed(http.POST("/api/invitations/{id}/decline", { params: invitationPath(id), signal }));
    },
    /** GET /api/lists/{id}/invitations: a list's pending ones (admin or owner). */
    async pending(listId: string, { signal }: CallOptions = {}): Promise<InvitationList> {
      return (await succeed(http.GET("/api/lists/{id}/invitations", { params: listPath(listId), signal }))).data;
    },
    /** POST /api/lists/{id}/invitations. */
    async send(listId: string, body: CreateInvitationBody, { signal }: CallOptions = {}): Promise<Invitation> {
      return (await succeed(http.POST("/api/lists/{id}/invitations", { params: listPath(listId), body, signal }))).data;
    },
    /** DELETE /api/lists/{id}/invitations/{invitationId}. */
    async cancel(listId: string, invitationId: string, { signal }: CallOptions = {}): Promise<void> {
      await succeed(http.DELETE("/api/lists/{id}/invitations/{invitationId}", { params: { path: { id: listId, invitationId } }, signal }));
    },
  };
}
