import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMENT_BODY_MAX_BYTES } from "@/lib/comments/schemas";
import { MAX_BODY_BYTES } from "@/lib/http/read-json";
import { openApiDocument } from "@/lib/openapi/document";
import { BATCH_BODY_MAX_BYTES } from "@/lib/tasks/schemas";
import { signUp, type TestUser } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { contractViolations } from "../support/contract";
import { logViolations } from "../support/log-audit";
import { buildRequest, queryForms, type Built } from "../support/limit-requests";
import { documentedRoutes, type Route, type Target } from "../support/limit-targets";
import { LimitRun, listFindings } from "../support/limit-tally";
import { limitValues, LIMITS_SEED, type Limit } from "../support/limit-values";
import { rawRequest } from "../support/raw-http";
import { batchEffect, completedTo, created, fieldsOf, patched, type Effect, type Fields, type TaskJson } from "../support/task-model";
import type { ApiResponse } from "../support/api-client";

// Every field and parameter of every /api/tasks route (from the OpenAPI document), given
// every value at the limits of its kind (limit-values.ts). Properties:
// - no answer is a 5xx, and every answer is one the document allows for the operation
//   (status, problem+json body of the documented shape, response schema);
// - a value PostgreSQL cannot store (NUL, a lone surrogate) is never accepted, nor a title
//   that shows nothing; a body one byte over the limit is a 413, at the limit it is not;
// - what a write accepts reads back equal: in its answer, by id, in the list and in the
//   change feed (dates as the same instant, in UTC to the millisecond); a create retried
//   with its Idempotency-Key answers the same, at the task cap too;
// - what a write refuses changes nothing: the change feed shows no change, the task is as
//   it was;
// - the log holds only the logger's JSON lines, and none of the values sent.

const CAP = 400; // tasks per user: above what a route's lane creates, so that a lane never hits it
const LIMITS = { body: MAX_BODY_BYTES, batch: BATCH_BODY_MAX_BYTES, comment: COMMENT_BODY_MAX_BYTES };
/** The body limit of a route: a batch's and a comment's are their own. */
const bodyLimitOf = (route: Route) =>
  route.template.endsWith("/batch") ? LIMITS.batch : route.template.includes("/comments") ? LIMITS.comment : LIMITS.body;

// This file audits the server's log itself, for every value it sent (the last test).
const { server } = useAppServer({ env: { MAX_TASKS_PER_USER: String(CAP) }, logAudit: false });
const run = new LimitRun();
const routes = documentedRoutes("/api/tasks");
const acceptedCreates: { label: string; body: string }[] = [];

/** One route's user, the tasks it has (as last read) and the change feed's position. */
type Lane = { user: TestUser; tasks: Map<string, TaskJson>; target: string; token: string; refusedSince: string[]; sentRequests: Set<string> };

const auth = (lane: Lane) => ({ authorization: `Bearer ${lane.user.jwt}` });

function send(built: Pick<Built, "method" | "path" | "headers" | "body">): Promise<ApiResponse> {
  return rawRequest(server.url, built);
}

async function read(lane: Lane, path: string): Promise<ApiResponse> {
  const res = await send({ method: "GET", path, headers: auth(lane) });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

async function createFor(lane: Lane, body: object): Promise<TaskJson> {
  const res = await send({ method: "POST", path: "/api/tasks", headers: { ...auth(lane), "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  return res.body as TaskJson;
}

/** The feed since the lane's token: what changed, and the token moves on. */
async function changes(lane: Lane): Promise<{ tasks: TaskJson[]; deleted: string[] }> {
  const res = await read(lane, `/api/tasks/changes?since=${encodeURIComponent(lane.token)}&limit=1000`);
  lane.token = res.body.next;
  return res.body;
}

async function newLane(name: string, route: Route): Promise<Lane> {
  const user = await signUp(server, name);
  const lane: Lane = { user, tasks: new Map(), target: "", token: "", refusedSince: [], sentRequests: new Set() };
  const target = await createFor(lane, { title: "the lane's task", description: "as it was", priority: "low", dueDate: "2030-01-02T03:04:05.006Z" });
  lane.tasks.set(target.id, target);
  lane.target = target.id;
  // DELETE /api/tasks?status=completed has something to clear.
  if (route.method === "DELETE" && !route.template.includes("{id}")) {
    const done = await createFor(lane, { title: "done", completed: true });
    lane.tasks.set(done.id, done);
  }
  lane.token = (await read(lane, "/api/tasks/changes?limit=1000")).body.next;
  return lane;
}

// A batch's operation under test goes second, after an update of the lane's task: a batch
// that is refused must leave that first operation undone too.
function leadingUpdate(route: Route, target: Target, marker: string): Target {
  if (!route.template.endsWith("/batch") || target.path[0] !== "operations" || target.path[1] !== 0) return target;
  const base = target.base as { operations: unknown[] };
  return {
    ...target,
    path: ["operations", 1, ...target.path.slice(2)],
    base: { operations: [{ op: "update", id: "{id}", body: { description: marker } }, ...base.operations] },
  };
}

function valuesFor(route: Route, target: Target): Limit[] {
  const bodyLimit = bodyLimitOf(route);
  const values = limitValues(target.shape, target.in === "body" ? bodyLimit : undefined);
  if (target.in === "query") values.push(...queryForms(target.name, target.shape));
  // An empty segment, "." and ".." are other paths (/api/tasks/ is the collection, Next
  // redirects the dot segments away): not ids.
  if (target.in === "path") return values.filter((limit) => !["", ".", ".."].includes(limit.value as string));
  return values;
}

// ---------------------------------------------------------------------------------------
// The answer, whatever it is.

const PROBLEM_TITLES = new Map(openApiDocument().components["x-problem-types"].map((p) => [p.type, p.title]));

function answerFindings(route: Route, target: Target, limit: Limit, built: Built, res: ApiResponse): string[] {
  const found: string[] = [];
  if (res.status >= 500) return [`${res.status}: ${res.text.slice(0, 200)}`];
  // Node's HTTP parser answers a request line or headers past its 16 KiB limit itself,
  // before the app: a bare 431 (the README's promise for huge headers).
  if (res.status === 431 && res.text === "") return [];
  found.push(...contractViolations(res, route.method, route.template));
  if (res.status >= 400) {
    const expectedTitle = PROBLEM_TITLES.get(res.body?.type);
    if (expectedTitle !== undefined && res.body.title !== expectedTitle) found.push(`problem title ${JSON.stringify(res.body.title)} for ${res.body.type}`);
  }
  const write = route.method !== "GET";
  const accepted = res.status < 300;
  if (accepted && write && target.in === "body" && limit.unstorable) found.push("accepted a value PostgreSQL cannot store");
  if (accepted && write && target.in === "body" && limit.blank && target.shape.trimmed && (target.shape.minLength ?? 0) >= 1) {
    found.push("accepted a required text that shows nothing");
  }
  if (accepted && target.in === "query" && typeof limit.value === "string" && limit.value.includes("\u0000")) found.push("accepted a NUL in the query");
  if (limit.bodyBytes !== undefined) {
    const bytes = Buffer.byteLength(built.body ?? "");
    const limitOfRoute = bodyLimitOf(route);
    if (bytes > limitOfRoute && res.status !== 413) found.push(`a body of ${bytes} bytes answered ${res.status}, not 413`);
    if (bytes <= limitOfRoute && res.status === 413) found.push(`a body of ${bytes} bytes, within the limit, answered 413`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// Round trips: what an accepted write should have done, and whether it reads back so.

function effectsOf(route: Route, lane: Lane, json: any, query: URLSearchParams): Effect[] {
  const current = (id: string) => {
    const task = lane.tasks.get(id);
    return task && fieldsOf(task);
  };
  const key = `${route.method} ${route.template}`;
  switch (key) {
    case "POST /api/tasks":
      return [{ upsert: created(json) }];
    case "PUT /api/tasks/{id}":
      return [{ upsert: created(json), id: lane.target }];
    case "PATCH /api/tasks/{id}":
      return [{ upsert: patched(current(lane.target)!, json), id: lane.target }];
    case "PATCH /api/tasks/{id}/complete":
      return [{ upsert: completedTo(current(lane.target)!, json), id: lane.target }];
    case "DELETE /api/tasks/{id}":
      return [{ delete: lane.target }];
    case "DELETE /api/tasks":
      if (query.get("status") !== "completed") throw new Error("only status=completed clears");
      return [...lane.tasks.values()].filter((t) => t.completed).map((t) => ({ delete: t.id }));
    case "POST /api/tasks/batch": {
      // Each operation sees what the ones before it did.
      const model = new Map([...lane.tasks].map(([id, t]) => [id, fieldsOf(t)]));
      return (json.operations as Record<string, unknown>[]).map((operation) => {
        const effect = batchEffect(operation, (id) => model.get(id));
        if ("upsert" in effect && effect.id) model.set(effect.id, effect.upsert);
        if ("delete" in effect) model.delete(effect.delete);
        return effect;
      });
    }
    default:
      throw new Error(`No model of ${key}: add it to effectsOf`);
  }
}

/** The tasks an answer carries, in the order of the effects. */
function answeredTasks(route: Route, res: ApiResponse): (TaskJson | undefined)[] {
  if (route.template.endsWith("/batch")) return (res.body.results as { task?: TaskJson }[]).map((r) => r.task);
  return [res.body as TaskJson | undefined];
}

const shown = (value: unknown) => String(JSON.stringify(value)).slice(0, 300);

// JSON with its keys sorted: two answers are the same whatever order their fields come in.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

// PGlite drops a U+FEFF that starts a text value when it reads the value back (its protocol
// reader decodes each field with a TextDecoder that strips a byte order mark); PostgreSQL
// keeps it. Pinned by the test "PGlite drops a leading U+FEFF" below; read back as PGlite
// reads it, so that nothing else hides behind it.
const ON_PGLITE = !process.env.DATABASE_URL;
function asRead(fields: Fields): Fields {
  if (!ON_PGLITE || !fields.description?.startsWith("\ufeff")) return fields;
  return { ...fields, description: fields.description.slice(1) };
}

// A comment accepted reads back as answered: its body trimmed, the whole comment in the
// task's comments.
async function commentRoundTrip(route: Route, lane: Lane, built: Built, res: ApiResponse): Promise<string[]> {
  if (route.method !== "POST" && route.method !== "PATCH") return [];
  const found: string[] = [];
  const sent = (built.json as { body?: unknown } | undefined)?.body;
  if (typeof sent !== "string" || res.body?.body !== sent.trim()) found.push(`answered body ${shown(res.body?.body)}, sent ${shown(sent)}`);
  const listed = (await read(lane, `/api/tasks/${lane.target}/comments?limit=100`)).body.items as { id: string }[];
  const stored = listed.find((c) => c.id === res.body?.id);
  if (!same(stored, res.body)) found.push(`the comments read ${shown(stored)}, the write answered ${shown(res.body)}`);
  // A new comment is a change of its task (commentCount, and so its revision and its place in
  // the change feed); an edited one is not. Either way the feed holds nothing else new.
  const before = lane.tasks.get(lane.target);
  const task = (await read(lane, `/api/tasks/${lane.target}`)).body as TaskJson;
  const added = route.method === "POST" ? 1 : 0;
  if (task.commentCount !== (before?.commentCount ?? 0) + added) found.push(`the task counts ${task.commentCount} comments, it had ${before?.commentCount}`);
  found.push(...feedFindings(await changes(lane), added ? new Map([[task.id, task]]) : new Map(), new Set(), lane));
  lane.tasks.set(task.id, task);
  return found;
}

async function roundTrip(route: Route, lane: Lane, built: Built, res: ApiResponse): Promise<string[]> {
  if (route.template.includes("/comments")) return commentRoundTrip(route, lane, built, res);
  const found: string[] = [];
  const query = new URL(built.path, server.url).searchParams;
  const effects = effectsOf(route, lane, built.json ?? {}, query);
  const tasks = answeredTasks(route, res);
  const upserted = new Map<string, TaskJson>();
  const deleted = new Set<string>();
  effects.forEach((effect, i) => {
    if ("delete" in effect) {
      deleted.add(effect.delete);
      upserted.delete(effect.delete);
      return;
    }
    const task = tasks[i];
    if (!task || fieldsOf(task) === undefined) return void found.push(`the answer has no task for operation ${i}: ${shown(res.body)}`);
    if (!same(fieldsOf(task), asRead(effect.upsert))) found.push(`answered ${shown(fieldsOf(task))}, expected ${shown(effect.upsert)}`);
    if (effect.id && task.id !== effect.id) found.push(`answered task ${task.id}, expected ${effect.id}`);
    upserted.set(task.id, task);
  });
  if (route.method === "DELETE" && !route.template.includes("{id}") && res.body?.deleted !== deleted.size) {
    found.push(`cleared ${res.body?.deleted}, expected ${deleted.size}`);
  }
  // By id, in the list (the most recently changed first), and in the change feed.
  for (const [id, task] of upserted) {
    const byId = await read(lane, `/api/tasks/${id}`);
    if (!same(byId.body, task)) found.push(`GET by id reads ${shown(byId.body)}, the write answered ${shown(task)}`);
  }
  if (upserted.size > 0) {
    const page = (await read(lane, "/api/tasks?sort=updatedAt&order=desc&limit=10")).body.items as TaskJson[];
    for (const [id, task] of upserted) {
      const listed = page.find((t) => t.id === id);
      if (!same(listed, task)) found.push(`the list reads ${shown(listed)}, the write answered ${shown(task)}`);
    }
  }
  for (const id of deleted) {
    const gone = await send({ method: "GET", path: `/api/tasks/${id}`, headers: auth(lane) });
    if (gone.status !== 404) found.push(`deleted task ${id} reads ${gone.status}`);
  }
  found.push(...feedFindings(await changes(lane), upserted, deleted, lane));
  for (const [id, task] of upserted) lane.tasks.set(id, task);
  for (const id of deleted) lane.tasks.delete(id);
  return found;
}

/**
 * The feed since the last check must hold these changes, and nothing else new: any other is
 * a refused write's doing. It may say again what the lane already has (a position is the
 * oldest transaction open anywhere on the server when the last sync read, and another test
 * file's transaction can hold it back): the lane's task exactly as it knows it, or a
 * deletion of a task it no longer has.
 */
function feedFindings(feed: { tasks: TaskJson[]; deleted: string[] }, upserted: Map<string, TaskJson>, deleted: Set<string>, lane: Lane): string[] {
  const found: string[] = [];
  const blame = lane.refusedSince.length > 0 ? ` (after refused writes: ${lane.refusedSince.slice(-8).join("; ")})` : "";
  for (const task of feed.tasks) {
    const expected = upserted.get(task.id);
    if (expected) {
      if (!same(task, expected)) found.push(`the change feed reads ${shown(task)}, the write answered ${shown(expected)}`);
    } else if (!same(task, lane.tasks.get(task.id))) {
      found.push(`the change feed shows a change no accepted write made: ${shown(task)}${blame}`);
    }
  }
  for (const id of upserted.keys()) if (!feed.tasks.some((t) => t.id === id)) found.push(`the change feed misses task ${id}`);
  const feedDeleted = new Set(feed.deleted);
  for (const id of feedDeleted) {
    if (!deleted.has(id) && lane.tasks.has(id)) found.push(`the change feed shows a deletion no accepted write made: ${id}${blame}`);
  }
  for (const id of deleted) if (!feedDeleted.has(id)) found.push(`the change feed misses the deletion of ${id}`);
  lane.refusedSince = [];
  return found;
}

/** A route's target was deleted (DELETE, a batch delete): the next value needs another. */
async function restoreTarget(lane: Lane): Promise<void> {
  if (lane.tasks.has(lane.target)) return;
  const task = await createFor(lane, { title: "the lane's next task" });
  lane.tasks.set(task.id, task);
  lane.target = task.id;
  await changes(lane);
}

// ---------------------------------------------------------------------------------------

let counter = 0;

async function tryValue(route: Route, lane: Lane, original: Target, limit: Limit): Promise<void> {
  const key = `${route.method} ${route.template}`;
  const marker = `limits-lead-${++counter}`;
  const target = leadingUpdate(route, original, marker);
  const headers: Record<string, string> = { ...auth(lane) };
  if (key === "POST /api/tasks" && target.label !== "header.Idempotency-Key") headers["idempotency-key"] = `limits-key-${counter}`;
  const needsBody = route.operation.requestBody !== undefined;
  const built = buildRequest(target, limit, {
    method: route.method,
    template: route.template,
    id: lane.target,
    headers,
    body: needsBody && target.in !== "body" ? route.targets.find((t) => t.in === "body")?.base : undefined,
    query: key === "DELETE /api/tasks" && target.name !== "status" ? { status: "completed" } : undefined,
  });
  if ("skipped" in built) return run.count(key, target.label, "skipped");
  // Two values can be one request on the wire (null and "null" in a header): sent once.
  const wire = `${target.label} ${built.path} ${JSON.stringify(built.headers?.[target.name.toLowerCase()] ?? built.headers?.[target.name])} ${built.body}`;
  if (lane.sentRequests.has(wire)) return run.count(key, target.label, "duplicate");
  lane.sentRequests.add(wire);
  run.remember(built.sent);
  const res = await send(built);
  run.count(key, target.label, res.status);
  const where = `${target.label} = ${limit.label}`;
  const found = answerFindings(route, target, limit, built, res).map((f) => `${where}: ${f}`);
  const write = route.method !== "GET";
  if (write && res.status < 300 && res.status !== 304) {
    if (key === "POST /api/tasks") {
      acceptedCreates.push({ label: where, body: String(built.body) });
      const again = await send(built);
      if (again.status !== res.status || !same(again.body, res.body)) {
        found.push(`${where}: retried with its Idempotency-Key, answered ${again.status} ${shown(again.body)} instead of ${res.status} ${shown(res.body)}`);
      }
    }
    found.push(...(await roundTrip(route, lane, built, res)).map((f) => `${where}: ${f}`));
    await restoreTarget(lane);
  } else if (write) {
    lane.refusedSince.push(where);
  }
  for (const f of found) run.finding(key, f);
}

/** After a route's values: the change feed shows nothing that was refused, the task is as it was. */
async function finalCheck(route: Route, lane: Lane): Promise<void> {
  const key = `${route.method} ${route.template}`;
  for (const f of feedFindings(await changes(lane), new Map(), new Set(), lane)) run.finding(key, f);
  for (const [id, task] of lane.tasks) {
    const res = await send({ method: "GET", path: `/api/tasks/${id}`, headers: auth(lane) });
    if (!same(res.body, task)) run.finding(key, `task ${id} reads ${shown(res.body)} after the refused writes, was ${shown(task)}`);
  }
}

beforeAll(() => {
  console.info(`[limits] /api/tasks: seed ${LIMITS_SEED} (LIMITS_SEED=<n> to replay the random parts)`);
});

afterAll(() => {
  console.log(run.table(`/api/tasks on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`));
});

it("enumerates the routes the server documents", async () => {
  const served = await fetch(`${server.url}/api/openapi.json`).then((r) => r.json());
  const documented = Object.entries(served.paths as Record<string, object>)
    .filter(([template]) => template.startsWith("/api/tasks"))
    .flatMap(([template, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${template}`));
  expect(routes.map((r) => `${r.method} ${r.template}`)).toEqual(documented);
  expect(routes.every((r) => r.targets.length > 0)).toBe(true);
});

describe.each(routes.map((route, i) => [`${route.method} ${route.template}`, route, i] as const))("%s", (key, route, i) => {
  it(
    "holds every property for every value at the limits of every field and parameter",
    async () => {
      const lane = await newLane(`Lane${i}`, route);
      for (const target of route.targets) {
        for (const limit of valuesFor(route, target)) await tryValue(route, lane, target, limit);
      }
      await finalCheck(route, lane);
      const found = run.findings(key);
      expect(found, listFindings(found)).toEqual([]);
    },
    180_000,
  );
});

describe("idempotent retries at the task cap", () => {
  it(
    "a create that reaches the cap answers the same when retried with its key, and another body with that key is idempotency-key-reused",
    async () => {
      const key = "POST /api/tasks (at the cap)";
      const lane: Lane = { user: await signUp(server, "Capped"), tasks: new Map(), target: "", token: "", refusedSince: [], sentRequests: new Set() };
      for (let made = 0; made < CAP - 1; made += 100) {
        const operations = Array.from({ length: Math.min(100, CAP - 1 - made) }, (_, i) => ({ op: "create", body: { title: `filler ${made + i}` } }));
        const res = await send({ method: "POST", path: "/api/tasks/batch", headers: { ...auth(lane), "content-type": "application/json" }, body: JSON.stringify({ operations }) });
        expect(res.status, res.text).toBe(200);
      }
      // One accepted create of each target of POST /api/tasks, from the run above.
      const picked = [...new Map(acceptedCreates.map((c) => [c.label.split(" = ")[0], c])).values()];
      if (picked.length === 0) picked.push({ label: "a plain title", body: JSON.stringify({ title: "at the cap" }) });
      for (const { label, body } of picked) {
        const headers = { ...auth(lane), "content-type": "application/json", "idempotency-key": `cap-${++counter}` };
        const first = await send({ method: "POST", path: "/api/tasks", headers, body });
        run.count(key, label.split(" = ")[0]!, first.status);
        if (first.status !== 201) {
          run.finding(key, `${label}: the create that reaches the cap answered ${first.status} ${shown(first.body)}`);
          continue;
        }
        const retry = await send({ method: "POST", path: "/api/tasks", headers, body });
        run.count(key, label.split(" = ")[0]!, retry.status);
        if (retry.status !== 201 || !same(retry.body, first.body)) {
          run.finding(key, `${label}: its retry at the cap answered ${retry.status} ${shown(retry.body)}, not the same 201`);
        }
        const other = await send({ method: "POST", path: "/api/tasks", headers, body: JSON.stringify({ title: "another body" }) });
        run.count(key, label.split(" = ")[0]!, other.status);
        if (other.body?.type !== "urn:tasks:problem:idempotency-key-reused") {
          run.finding(key, `${label}: another body with its key at the cap answered ${other.status} ${other.body?.type}, not idempotency-key-reused`);
        }
        const removed = await send({ method: "DELETE", path: `/api/tasks/${first.body.id}`, headers: auth(lane) });
        expect(removed.status).toBe(204);
      }
      const found = run.findings(key);
      expect(found, listFindings(found)).toEqual([]);
    },
    120_000,
  );
});

it("PGlite drops a leading U+FEFF from the text it reads back; PostgreSQL keeps it (known, see asRead)", async () => {
  const lane: Lane = { user: await signUp(server, "Bom"), tasks: new Map(), target: "", token: "", refusedSince: [], sentRequests: new Set() };
  const task = await createFor(lane, { title: "bom", description: "\ufeffnote\ufeff" });
  expect(task.description).toBe(ON_PGLITE ? "note\ufeff" : "\ufeffnote\ufeff");
});

it("the log holds only the logger's JSON lines, and none of the values sent", async () => {
  await new Promise((resolve) => setTimeout(resolve, 200)); // the logger writes asynchronously
  const violations = logViolations(server.output(), run.sent);
  expect(violations, listFindings(violations)).toEqual([]);
});
