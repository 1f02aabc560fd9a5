import { COMMENT_BODY_MAX_BYTES } from "@/lib/comments/schemas";
import { MAX_BODY_BYTES } from "@/lib/http/read-json";
import { BATCH_BODY_MAX_BYTES } from "@/lib/tasks/schemas";
import type { CallOptions, TestUser } from "../../support/api-client";
import type { AppServer } from "../../support/app-server";
import type { Check } from "../../support/contract-coverage";

// What the contract cases share: the checker that records coverage, and the servers of
// tests/integration/contract.test.ts (set in its beforeAll, hence functions).

export type ContractContext = {
  check: Check;
  /** The app as in production (Origin checks on), with Alice signed up. */
  main: () => AppServer;
  alice: () => TestUser;
  /** API_RATE_LIMIT_PER_MINUTE=1 and Better Auth's limiter on, client IPs from X-Forwarded-For. */
  limited: () => AppServer;
  /** DATABASE_URL at a closed port: only what needs no database answers. */
  down: () => AppServer;
};

export const asUser = (user: TestUser, via: "jwt" | "cookie" = "jwt") => ({ as: { user, via } }) satisfies CallOptions;

/**
 * What a file of cases on the main server starts from: the server and Alice (read when a
 * test runs: the servers start in contract.test.ts's beforeAll), its checker, her
 * credentials, and a task of hers.
 */
export function onMainServer(ctx: ContractContext) {
  return {
    get server() {
      return ctx.main();
    },
    get alice() {
      return ctx.alice();
    },
    check: (expected: number, method: string, template: string, path: string, options: CallOptions = {}) =>
      ctx.check(ctx.main(), expected, method, template, path, options),
    asAlice: (via: "jwt" | "cookie" = "jwt") => asUser(ctx.alice(), via),
  };
}

/** An id no task has: the handlers read credentials, quota and body before looking it up. */
export const NO_SUCH_TASK = "00000000-0000-7000-8000-000000000000";

/** Every /api/tasks operation, with a request it would accept and its body limit. */
export type TaskOperation = { method: string; template: string; path: string; json?: unknown; maxBytes?: number };

export const TASK_OPERATIONS: TaskOperation[] = [
  { method: "GET", template: "/api/tasks", path: "/api/tasks" },
  { method: "POST", template: "/api/tasks", path: "/api/tasks", json: { title: "t" }, maxBytes: MAX_BODY_BYTES },
  { method: "DELETE", template: "/api/tasks", path: "/api/tasks?status=completed" },
  { method: "GET", template: "/api/tasks/summary", path: "/api/tasks/summary" },
  { method: "GET", template: "/api/tasks/changes", path: "/api/tasks/changes" },
  {
    method: "POST",
    template: "/api/tasks/batch",
    path: "/api/tasks/batch",
    json: { operations: [{ op: "create", body: { title: "t" } }] },
    maxBytes: BATCH_BODY_MAX_BYTES,
  },
  { method: "GET", template: "/api/tasks/{id}", path: `/api/tasks/${NO_SUCH_TASK}` },
  { method: "PUT", template: "/api/tasks/{id}", path: `/api/tasks/${NO_SUCH_TASK}`, json: { title: "t" }, maxBytes: MAX_BODY_BYTES },
  { method: "PATCH", template: "/api/tasks/{id}", path: `/api/tasks/${NO_SUCH_TASK}`, json: { title: "t" }, maxBytes: MAX_BODY_BYTES },
  { method: "DELETE", template: "/api/tasks/{id}", path: `/api/tasks/${NO_SUCH_TASK}` },
  {
    method: "PATCH",
    template: "/api/tasks/{id}/complete",
    path: `/api/tasks/${NO_SUCH_TASK}/complete`,
    json: { completed: true },
    maxBytes: MAX_BODY_BYTES,
  },
  // Attachments: no JSON body (an upload is multipart/form-data, its refusals in attachments.ts).
  { method: "GET", template: "/api/tasks/{id}/attachments", path: `/api/tasks/${NO_SUCH_TASK}/attachments` },
  { method: "POST", template: "/api/tasks/{id}/attachments", path: `/api/tasks/${NO_SUCH_TASK}/attachments` },
  { method: "GET", template: "/api/tasks/{id}/attachments/{attachmentId}", path: `/api/tasks/${NO_SUCH_TASK}/attachments/${NO_SUCH_TASK}` },
  { method: "DELETE", template: "/api/tasks/{id}/attachments/{attachmentId}", path: `/api/tasks/${NO_SUCH_TASK}/attachments/${NO_SUCH_TASK}` },
];

/** An id no list (member, invitation) has. */
export const NO_SUCH_LIST = "00000000-0000-4000-8000-000000000000";
const L = `/api/lists/${NO_SUCH_LIST}`;

/** Every /api/lists and /api/invitations operation, with a request it would accept. */
export const LIST_OPERATIONS: TaskOperation[] = [
  { method: "GET", template: "/api/lists", path: "/api/lists" },
  { method: "POST", template: "/api/lists", path: "/api/lists", json: { name: "l" }, maxBytes: MAX_BODY_BYTES },
  { method: "GET", template: "/api/lists/{id}", path: L },
  { method: "PATCH", template: "/api/lists/{id}", path: L, json: { name: "l" }, maxBytes: MAX_BODY_BYTES },
  { method: "DELETE", template: "/api/lists/{id}", path: L },
  { method: "POST", template: "/api/lists/{id}/transfer", path: `${L}/transfer`, json: { userId: NO_SUCH_LIST }, maxBytes: MAX_BODY_BYTES },
  { method: "GET", template: "/api/lists/{id}/members", path: `${L}/members` },
  {
    method: "PATCH",
    template: "/api/lists/{id}/members/{userId}",
    path: `${L}/members/${NO_SUCH_LIST}`,
    json: { role: "viewer" },
    maxBytes: MAX_BODY_BYTES,
  },
  { method: "DELETE", template: "/api/lists/{id}/members/{userId}", path: `${L}/members/${NO_SUCH_LIST}` },
  { method: "GET", template: "/api/lists/{id}/invitations", path: `${L}/invitations` },
  {
    method: "POST",
    template: "/api/lists/{id}/invitations",
    path: `${L}/invitations`,
    json: { email: "x@example.com", role: "viewer" },
    maxBytes: MAX_BODY_BYTES,
  },
  { method: "DELETE", template: "/api/lists/{id}/invitations/{invitationId}", path: `${L}/invitations/${NO_SUCH_LIST}` },
  { method: "GET", template: "/api/lists/{id}/tags", path: `${L}/tags` },
  { method: "POST", template: "/api/lists/{id}/tags", path: `${L}/tags`, json: { name: "t" }, maxBytes: MAX_BODY_BYTES },
  { method: "PATCH", template: "/api/lists/{id}/tags/{tagId}", path: `${L}/tags/${NO_SUCH_LIST}`, json: { name: "t" }, maxBytes: MAX_BODY_BYTES },
  { method: "DELETE", template: "/api/lists/{id}/tags/{tagId}", path: `${L}/tags/${NO_SUCH_LIST}` },
  { method: "GET", template: "/api/invitations", path: "/api/invitations" },
  { method: "POST", template: "/api/invitations/{id}/accept", path: `/api/invitations/${NO_SUCH_LIST}/accept` },
  { method: "POST", template: "/api/invitations/{id}/decline", path: `/api/invitations/${NO_SUCH_LIST}/decline` },
];

const C = `/api/tasks/${NO_SUCH_TASK}/comments`;

/** A task's comments and history, and a list's activity. */
export const HISTORY_OPERATIONS: TaskOperation[] = [
  { method: "GET", template: "/api/tasks/{id}/comments", path: C },
  { method: "POST", template: "/api/tasks/{id}/comments", path: C, json: { body: "c" }, maxBytes: COMMENT_BODY_MAX_BYTES },
  {
    method: "PATCH",
    template: "/api/tasks/{id}/comments/{commentId}",
    path: `${C}/${NO_SUCH_TASK}`,
    json: { body: "c" },
    maxBytes: COMMENT_BODY_MAX_BYTES,
  },
  { method: "DELETE", template: "/api/tasks/{id}/comments/{commentId}", path: `${C}/${NO_SUCH_TASK}` },
  { method: "GET", template: "/api/tasks/{id}/history", path: `/api/tasks/${NO_SUCH_TASK}/history` },
  { method: "GET", template: "/api/lists/{id}/activity", path: `${L}/activity` },
];

/** Every operation behind withUser: the task routes, the list routes, comments and history. */
export const SIGNED_IN_OPERATIONS: TaskOperation[] = [...TASK_OPERATIONS, ...LIST_OPERATIONS, ...HISTORY_OPERATIONS];
