import type { Http } from "./http";
import { succeed } from "./http";
import type {
  BatchBody,
  BatchResponse,
  ClearedTasks,
  CompleteTaskBody,
  CreateTaskBody,
  ListTasksQuery,
  ReplaceTaskBody,
  Task,
  TaskChanges,
  TaskChangesQuery,
  TaskPage,
  TaskSummary,
  TaskSummaryQuery,
  UpdateTaskBody,
} from "./schemas";

// /api/tasks, one method per operation. Each resolves to the body (with the ETag where a
// task comes back) or throws TasksApiError; the headers the document names (If-Match,
// If-None-Match, Idempotency-Key) are plain options.

export type CallOptions = { signal?: AbortSignal };
/** Write only if the task is still at this ETag (else a 412 problem carrying the current one). */
export type WriteOptions = CallOptions & { ifMatch?: string };
export type CreateOptions = CallOptions & { idempotencyKey?: string };

/** A task and the version it is at: pass `etag` back as `ifMatch`. */
export type TaskVersion = { task: Task; etag: string };

function versioned({ data, response }: { data: Task; response: Response }): TaskVersion {
  // Every single-task answer carries its ETag (the document says required).
  return { task: data, etag: response.headers.get("etag") ?? "" };
}

const ifMatch = (options: WriteOptions) => (options.ifMatch === undefined ? undefined : { "If-Match": options.ifMatch });
const taskPath = (id: string) => ({ path: { id } });

export function taskMethods(http: Http) {
  return {
    /** GET /api/tasks: one page; pass `nextCursor` back as `cursor` until it is null. */
    async list(query: ListTasksQuery = {}, { signal }: CallOptions = {}): Promise<TaskPage> {
      return (await succeed(http.GET("/api/tasks", { params: { query }, signal }))).data;
    },

    /** GET /api/tasks/summary: counts; `tz` is the zone "due today" is counted in (default UTC). */
    async summary(query: TaskSummaryQuery = {}, { signal }: CallOptions = {}): Promise<TaskSummary> {
      return (await succeed(http.GET("/api/tasks/summary", { params: { query }, signal }))).data;
    },

    /** GET /api/tasks/changes: what changed since a sync token (none: everything). */
    async changes(query: TaskChangesQuery = {}, { signal }: CallOptions = {}): Promise<TaskChanges> {
      return (await succeed(http.GET("/api/tasks/changes", { params: { query }, signal }))).data;
    },

    /** GET /api/tasks/{id}. */
    async get(id: string, { signal }: CallOptions = {}): Promise<TaskVersion> {
      return versioned(await succeed(http.GET("/api/tasks/{id}", { params: taskPath(id), signal })));
    },

    /** GET /api/tasks/{id} with If-None-Match: null when the copy at `etag` is still current (304). */
    async getIfChanged(id: string, etag: string, { signal }: CallOptions = {}): Promise<TaskVersion | null> {
      const pending = http.GET("/api/tasks/{id}", { params: { ...taskPath(id), header: { "If-None-Match": etag } }, signal });
      const { response } = await pending;
      if (response.status === 304) return null;
      return versioned(await succeed(pending));
    },

    /** POST /api/tasks. With an idempotency key a retry gets the first answer and creates nothing. */
    async create(body: CreateTaskBody, { idempotencyKey, signal }: CreateOptions = {}): Promise<TaskVersion> {
      const header = idempotencyKey === undefined ? undefined : { "Idempotency-Key": idempotencyKey };
      return versioned(await succeed(http.POST("/api/tasks", { params: { header }, body, signal })));
    },

    /** PUT /api/tasks/{id}: every writable field; those left out become null (completed: false). */
    async replace(id: string, body: ReplaceTaskBody, options: WriteOptions = {}): Promise<TaskVersion> {
      const params = { ...taskPath(id), header: ifMatch(options) };
      return versioned(await succeed(http.PUT("/api/tasks/{id}", { params, body, signal: options.signal })));
    },

    /** PATCH /api/tasks/{id}: only the fields given (at least one). */
    async update(id: string, body: UpdateTaskBody, options: WriteOptions = {}): Promise<TaskVersion> {
      const params = { ...taskPath(id), header: ifMatch(options) };
      return versioned(await succeed(http.PATCH("/api/tasks/{id}", { params, body, signal: options.signal })));
    },

    /** PATCH /api/tasks/{id}/complete: `{ completed }` sets it; no body toggles it. */
    async complete(id: string, body?: CompleteTaskBody, options: WriteOptions = {}): Promise<TaskVersion> {
      const params = { ...taskPath(id), header: ifMatch(options) };
      return versioned(await succeed(http.PATCH("/api/tasks/{id}/complete", { params, body, signal: options.signal })));
    },

    /** DELETE /api/tasks/{id}. */
    async delete(id: string, options: WriteOptions = {}): Promise<void> {
      const params = { ...taskPath(id), header: ifMatch(options) };
      await succeed(http.DELETE("/api/tasks/{id}", { params, signal: options.signal }));
    },

    /** DELETE /api/tasks?status=completed: the completed tasks of every list the caller may edit, or of `listId`'s. */
    async clearCompleted({ signal, listId }: CallOptions & { listId?: string } = {}): Promise<ClearedTasks> {
      const query = listId === undefined ? { status: "completed" as const } : { status: "completed" as const, listId };
      return (await succeed(http.DELETE("/api/tasks", { params: { query }, signal }))).data;
    },

    /** POST /api/tasks/batch: up to 100 operations, all or nothing. */
    async batch(body: BatchBody, { signal }: CallOptions = {}): Promise<BatchResponse> {
      return (await succeed(http.POST("/api/tasks/batch", { body, signal }))).data;
    },
  };
}

export type TaskMethods = ReturnType<typeof taskMethods>;
