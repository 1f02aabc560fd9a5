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
];
