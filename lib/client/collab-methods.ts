import type { Http } from "./http";
import { succeed } from "./http";
import type { CallOptions } from "./task-methods";
import type {
  ActivityPage,
  Comment,
  CommentPage,
  CreateTagBody,
  HistoryPage,
  PageQuery,
  Tag,
  TagList,
  UpdateTagBody,
} from "./schemas";

// What hangs off a task or a list besides its members: tags (/api/lists/{id}/tags), comments
// and history (/api/tasks/{id}/...) and a list's activity. One method per operation, like
// task-methods.ts. Every child is addressed through its parent, as the API requires.

const under = (id: string) => ({ path: { id } });

export function tagMethods(http: Http) {
  const tagPath = (listId: string, tagId: string) => ({ path: { id: listId, tagId } });
  return {
    /** GET /api/lists/{id}/tags: every tag of the list, by name. */
    async list(listId: string, { signal }: CallOptions = {}): Promise<TagList> {
      return (await succeed(http.GET("/api/lists/{id}/tags", { params: under(listId), signal }))).data;
    },
    /** POST /api/lists/{id}/tags (editor and above). */
    async create(listId: string, body: CreateTagBody, { signal }: CallOptions = {}): Promise<Tag> {
      return (await succeed(http.POST("/api/lists/{id}/tags", { params: under(listId), body, signal }))).data;
    },
    /** PATCH /api/lists/{id}/tags/{tagId}: rename or recolour it on every task at once. */
    async update(listId: string, tagId: string, body: UpdateTagBody, { signal }: CallOptions = {}): Promise<Tag> {
      return (await succeed(http.PATCH("/api/lists/{id}/tags/{tagId}", { params: tagPath(listId, tagId), body, signal }))).data;
    },
    /** DELETE /api/lists/{id}/tags/{tagId}: off every task that carried it. */
    async delete(listId: string, tagId: string, { signal }: CallOptions = {}): Promise<void> {
      await succeed(http.DELETE("/api/lists/{id}/tags/{tagId}", { params: tagPath(listId, tagId), signal }));
    },
  };
}

export function commentMethods(http: Http) {
  const commentPath = (taskId: string, commentId: string) => ({ path: { id: taskId, commentId } });
  return {
    /** GET /api/tasks/{id}/comments: oldest first; pass `nextCursor` back as `cursor`. */
    async list(taskId: string, query: PageQuery = {}, { signal }: CallOptions = {}): Promise<CommentPage> {
      return (await succeed(http.GET("/api/tasks/{id}/comments", { params: { ...under(taskId), query }, signal }))).data;
    },
    /** POST /api/tasks/{id}/comments (editor and above). */
    async add(taskId: string, body: string, { signal }: CallOptions = {}): Promise<Comment> {
      return (await succeed(http.POST("/api/tasks/{id}/comments", { params: under(taskId), body: { body }, signal }))).data;
    },
    /** PATCH /api/tasks/{id}/comments/{commentId}: its author only. */
    async edit(taskId: string, commentId: string, body: string, { signal }: CallOptions = {}): Promise<Comment> {
      const params = commentPath(taskId, commentId);
      return (await succeed(http.PATCH("/api/tasks/{id}/comments/{commentId}", { params, body: { body }, signal }))).data;
    },
    /** DELETE /api/tasks/{id}/comments/{commentId}: its author, or the list's admins and owner. */
    async delete(taskId: string, commentId: string, { signal }: CallOptions = {}): Promise<void> {
      await succeed(http.DELETE("/api/tasks/{id}/comments/{commentId}", { params: commentPath(taskId, commentId), signal }));
    },
  };
}

export function historyMethods(http: Http) {
  return {
    /** GET /api/tasks/{id}/history: newest first, for anyone who can see the task. */
    async ofTask(taskId: string, query: PageQuery = {}, { signal }: CallOptions = {}): Promise<HistoryPage> {
      return (await succeed(http.GET("/api/tasks/{id}/history", { params: { ...under(taskId), query }, signal }))).data;
    },
    /** GET /api/lists/{id}/activity: newest first, deleted tasks and membership too (admins and owner). */
    async ofList(listId: string, query: PageQuery = {}, { signal }: CallOptions = {}): Promise<ActivityPage> {
      return (await succeed(http.GET("/api/lists/{id}/activity", { params: { ...under(listId), query }, signal }))).data;
    },
  };
}
