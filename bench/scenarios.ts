// What the bench measures: each scenario is a list of prepared requests that wrk replays,
// rotating over the driving users so that no single row or counter becomes the bottleneck.
import { uploadFile, type Client } from "./clients";
import type { HttpRequest } from "./load";
import { MIB, uploadForm } from "./multipart";
import { SHARED_LIST_ID } from "./seed-sql";

export type Target = "app" | "reference";
export type Group = "floor" | "read-jwt" | "read-cookie" | "heavy" | "write" | "file";
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
  /** The server a target's requests go to (a build that uploads first). */
  urlOf(target: Target): string;
  /** Deletes every attachment of the drivers' tasks, bytes and quota with them (fixtures.ts). */
  removeAttachments(): Promise<void>;
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
  /** After each target's run: undoes what it added (uploads). */
  after?(ctx: ScenarioContext, target: Target): Promise<void>;
};

const bearer = (c: Client) => ({ Authorization: `Bearer ${c.token}` });
const json = (c: Client) => ({ ...bearer(c), "Content-Type": "application/json" });
const same = (list: HttpRequest[]): Requests => ({ warmup: list, measure: list });

function ownerOf(ctx: ScenarioContext) {
  const byId = new Map(ctx.drivers.map((d) => [d.id, d]));
  return (userId: string) => byId.get(userId) ?? (() => { throw new Error(`no client for ${userId}`); })();
}

const eachDriver = (ctx: ScenarioContext, make: (c: Client, i: number) => HttpRequest) => same(ctx.drivers.map(make));

/** The first of a driver's scratch tasks. */
const scratchOf = (ctx: ScenarioContext, c: Client) => ctx.scratch.find(([u]) => u === c.id)![1];

// Uploads go to the scratch tasks, a few per task per run (at most ATTACHMENTS_PER_TASK),
// with the same form every time; what they stored is deleted after each target's run, so
// the database holds one scenario's uploads at most.
function uploads(bytes: number): Pick<Scenario, "build" | "after"> {
  return {
    build: async (ctx, target) => {
      const owner = ownerOf(ctx);
      const form = uploadForm(bytes);
      // One upload first, checked: a short run (the smoke's second) may finish none of its own.
      const [first] = ctx.drivers;
      await uploadFile(ctx.urlOf(target), first!, scratchOf(ctx, first!), form);
      return same(ctx.scratch.map(([u, id]) => ({ method: "POST", path: `/api/tasks/${id}/attachments`,
        headers: { ...bearer(owner(u)), "Content-Type": form.contentType }, bodyFile: form.file })));
    },
    after: (ctx) => ctx.removeAttachments(),
  };
}

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
  // Issue 12. Every page above already carries tags (every seeded task has 0 to 3, seed-sql.ts).
  // Tag filters run unprepared in the app (lib/tasks/list.ts PREPARED_BY), as search does.
  { name: "tag-filter", title: "tag filter tag=urgent", group: "read-jwt", reference: true,
    build: (ctx) => eachDriver(ctx, (c) => ({ method: "GET", path: "/api/tasks?tag=urgent", headers: bearer(c) })) },
  { name: "tag-filter-all", title: "two tags, tagMode=all", group: "read-jwt", reference: true,
    build: (ctx) => eachDriver(ctx, (c) => ({ method: "GET", path: "/api/tasks?tag=urgent,work&tagMode=all", headers: bearer(c) })) },
  // The same filter over the heavy user's five lists of 10,000 tasks each, about 1,900 of them tagged urgent in each.
  { name: "heavy-tag", title: "heavy user, tag=urgent, all 5 lists", group: "heavy", reference: true,
    build: (ctx) => same([{ method: "GET", path: "/api/tasks?tag=urgent", headers: bearer(ctx.heavy) }]) },
  // The sample tasks are those the seed gave 60 comments each (seed-sql.ts insertCommentsSql): a full first page of 50.
  { name: "comments", title: "a task's comments, first page", group: "read-jwt", reference: false,
    build: (ctx) => {
      const owner = ownerOf(ctx);
      return same(ctx.sample.map(([u, id]) => ({ method: "GET", path: `/api/tasks/${id}/comments`, headers: bearer(owner(u)) })));
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
  { name: "upload-1mib", title: "upload 1 MiB (multipart)", group: "file", reference: false, ...uploads(MIB) },
  // The largest upload ATTACHMENT_MAX_BYTES allows by default: held whole, 10 connections would be 100 MiB.
  { name: "upload-10mib", title: "upload 10 MiB (multipart)", group: "file", reference: false, ...uploads(10 * MIB) },
  { name: "download-1mib", title: "download 1 MiB", group: "file", reference: false,
    build: async (ctx, target) => {
      // One file per driver, on its first scratch task, uploaded through the API like any other.
      const form = uploadForm(MIB);
      const files = await Promise.all(ctx.drivers.map(async (c) => {
        const taskId = scratchOf(ctx, c);
        return { c, taskId, id: await uploadFile(ctx.urlOf(target), c, taskId, form) };
      }));
      return same(files.map(({ c, taskId, id }) => ({ method: "GET", path: `/api/tasks/${taskId}/attachments/${id}`, headers: bearer(c) })));
    },
    after: (ctx) => ctx.removeAttachments() },
];
