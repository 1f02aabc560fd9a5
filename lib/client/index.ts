import { attachmentMethods } from "./attachment-methods";
import { authMethods } from "./auth-methods";
import { commentMethods, historyMethods, tagMethods } from "./collab-methods";
import { createHttp, type TasksClientOptions } from "./http";
import { invitationMethods, listMethods, memberMethods } from "./list-methods";
import { taskMethods } from "./task-methods";

// The typed client of the Tasks API, for the web UI and for scripts:
//
//   const api = createTasksClient({ baseUrl: "https://tasks.example.com", token });
//   const { task, etag } = await api.tasks.create({ title: "Water the plants" });
//
// `tasks` and `auth` are thin methods over `http`, the openapi-fetch client typed by the
// generated api-types.ts, which stays available for anything they do not cover.

export function createTasksClient(options: TasksClientOptions = {}) {
  const http = createHttp(options);
  return {
    tasks: taskMethods(http),
    lists: listMethods(http),
    members: memberMethods(http),
    invitations: invitationMethods(http),
    tags: tagMethods(http),
    comments: commentMethods(http),
    history: historyMethods(http),
    attachments: attachmentMethods(http, options),
    auth: authMethods(http),
    http,
  };
}

export type TasksClient = ReturnType<typeof createTasksClient>;

export type { TasksClientOptions } from "./http";
export { TasksApiError, TasksNetworkError } from "./errors";
export type { CallOptions, CreateOptions, TaskVersion, WriteOptions } from "./task-methods";
export type { ListVersion } from "./list-methods";
export type { UploadOptions, UploadProgress } from "./attachment-methods";
export type * from "./schemas";
