// What the bench measures: each scenario is a list of prepared requests that wrk replays,
// rotating over the driving users so that no single row or counter becomes the bottleneck.
import type { Client } from "./clients";
import type { HttpRequest } from "./load";
import { SHARED_LIST_ID } from "./seed-sql";

export type Target = "app" | "reference";
export type Group = "floor" | "read-jwt" | "read-cookie" | "heavy" | "write";
/** [userId, taskId] */
export type Owned = [string, string];

export type ScenarioContext = {
  drivers: Client[];
  heavy: Client;
  /** Seeded tasks of the drivers (get by id). */
  sample: Owned[];
  /** Bench-made tasks of the drivers that update and toggle rewrite. */
  scratch: Owned[];
  /** A cursor about page 1000 deep into the heavy user's listing, from each server. */
  deepCursor: Record<Target, string>;
  searchWord: string;
  /** Fresh tasks of the drivers, each deleted once. */
  deletable(count: number): Promise<Owned[]>;
  /** Throughput an earlier scenario reached on this target (sizes the delete pool). */
  rateOf(name: string, target: Target): number | undefined;
  seconds: { warmup: number; measure: number };
};

export type Requests = { warmup: HttpRequest[]; measure: HttpRequest[] };

export type Scenario = {
  name: string;
  title: string;
  group: Group;
  reference: boolean;
  /** Every request once (deletes): running out is an error. */
  once?: boolean;
  build(ctx: ScenarioContext, target: Target): Promise<Requests> | Requests;
};

const bearer = (c: Client) => ({ Authorization: `Bearer ${c.token}` });
const json = (c: Client) => ({ ...bearer(c), "Content-Type": "application/json" });
const same = (list: HttpRequest[]): Requests => ({ warmup: list, measure: list });

function ownerOf(ctx: ScenarioContext) {
  const byId = new Map(ctx.drivers.map((d) => [d.id, d]));
  return (userId: string) => byId.get(userId) ?? (() => { throw new Error(`no client for ${userId}`); })();
}

const eachDriver = (ctx: ScenarioContext, make: (c: Client, i: number) => HttpRequest) => same(ctx.drivers.map(make));

export const SCENARIOS: Scenario[] = [
  { name: "live", title: "liveness /api/health/live", group: "floor", reference: true,
    build: () => same([{ method: "GET", path: "/api/health/live" }]) },
  { name: "list", title: "list first page (JWT)", group: "read-jwt", reference: true,
    build: (ctx) => eachDriver(ctx, (c) => ({ method: "GET", path: "/api/tasks", headers: bearer(c) })) },
  { name: "list-cookie", title: "list first page (cookie)", group: "read-cookie", reference: true,
    build: (ctx) => eachDriver(ctx, (c) => ({ method: "GET", path: "/api/tasks", headers: { Cookie: c.cookie } })) },
  { name: "list-pending", title: "filtered list status=pending", group: "read-jwt", reference: true,
    build: (ctx) => eachDriver(ctx, (c) => ({ method: "GET", path: "/api/tasks?status=pending", headers: bearer(c) })) },
  { name: "search", title: "search q=<word>", group: "read-jwt", reference: true,
    build: (ctx) => eachDriver(ctx, (c) => ({ method: "GET", path: `/api/tasks?q=${ctx.searchWord}`, headers: bearer(c) })) },
  // "All my lists": the heavy user's 50,000 tasks are in five lists, three owned and two shared.
  { name: "heavy-first", title: "heavy user first page, all 5 lists", group: "heavy", reference: true,
    build: (ctx) => same([{ method: "GET", path: "/api/tasks", headers: bearer(ctx.heavy) }]) },
  { name: "shared-list", title: "heavy user, one shared list's page", group: "heavy", reference: true,
    build: (ctx) => same([{ method: "GET", path: `/api/tasks?listId=${SHARED_LIST_ID}`, headers: bearer(ctx.heavy) }]) },
  { name: "heavy-deep", title: "heavy user deep page (cursor)", group: "heavy", reference: true,
    build: (ctx, target) =>
      same([{ method: "GET", path: `/api/tasks?cursor=${encodeURIComponent(ctx.deepCursor[target])}`, headers: bearer(ctx.heavy) }]) },
  { name: "get", title: "get by id", group: "read-jwt", reference: true,
    build: (ctx) => {
      const owner = ownerOf(ctx);
      return same(ctx.sample.map(([u, id]) => ({ method: "GET", path: `/api/tasks/${id}`, headers: bearer(owner(u)) })));
    } },
  { name: "create", title: "create", group: "write", reference: true,
    build: (ctx) => same(ctx.drivers.flatMap((c, i) => [
      { method: "POST", path: "/api/tasks", headers: json(c), body: JSON.stringify({ title: `Bench created ${i}` }) },
      { method: "POST", path: "/api/tasks", headers: json(c),
        body: JSON.stringify({ title: `Pay the invoice ${i}`, description: "Created by the bench.", priority: "high", dueDate: "2030-01-01" }) },
    ])) },
  { name: "update", title: "update (PATCH)", group: "write", reference: true,
    build: (ctx) => {
      const owner = ownerOf(ctx);
      return same(ctx.scratch.map(([u, id], i) => ({ method: "PATCH", path: `/api/tasks/${id}`, headers: json(owner(u)),
        body: JSON.stringify(i % 2 ? { title: `Bench updated ${i}` } : { priority: "low", description: `Edited ${i}` }) })));
    } },
  { name: "toggle", title: "toggle completion", group: "write", reference: true,
    build: (ctx) => {
      const owner = ownerOf(ctx);
      return same(ctx.scratch.map(([u, id]) => ({ method: "PATCH", path: `/api/tasks/${id}/complete`, headers: bearer(owner(u)) })));
    } },
  { name: "delete", title: "delete", group: "write", reference: true, once: true,
    build: async (ctx, target) => {
      // Enough fresh tasks for the whole run at 1.5x the rate toggle reached (a similar write).
      const rate = ctx.rateOf("toggle", target) ?? ctx.rateOf("update", target) ?? 3_000;
      const size = (s: number) => Math.ceil(rate * 1.5 * s) + 500;
      const owner = ownerOf(ctx);
      const toRequests = (list: Owned[]) => list.map(([u, id]) => ({ method: "DELETE", path: `/api/tasks/${id}`, headers: bearer(owner(u)) }));
      const warmup = ctx.seconds.warmup > 0 ? toRequests(await ctx.deletable(size(ctx.seconds.warmup))) : [];
      return { warmup, measure: toRequests(await ctx.deletable(size(ctx.seconds.measure))) };
    } },
];
