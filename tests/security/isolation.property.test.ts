import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { call } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

// OWASP API1 (object level authorization), by property: random interleavings of Alice's
// and Bob's requests, by cookie and by JWT, against an in-memory model of what each owns.
// Every answer must be the model's: a user's own task behaves normally, anyone else's is the
// same 404 as a task that never existed, and nothing of one user ever changes by the
// other's hand.

/** The two actors, by their index in an Op. */
const ACTORS = ["Alice", "Bob"] as const;
const { server, as: credentials } = useAppServer({ users: ACTORS });

type Task = Record<string, unknown> & { id: string };
type Model = Map<string, { owner: number; task: Task }>;

const NEVER_EXISTED = "0190f3a0-0000-7000-8000-00000000dead";

type Op = {
  actor: 0 | 1;
  via: "cookie" | "jwt";
  kind: "create" | "get" | "patch" | "put" | "complete" | "toggle" | "delete" | "list";
  pick: number;
  title: string;
};

const op: fc.Arbitrary<Op> = fc.record({
  actor: fc.constantFrom(0 as const, 1 as const),
  via: fc.constantFrom("cookie" as const, "jwt" as const),
  kind: fc.constantFrom("create", "get", "patch", "put", "complete", "toggle", "delete", "list", "get", "patch"),
  pick: fc.nat(),
  title: fc.constantFrom("alpha", "beta", "gamma", "δέλτα"),
});

function target(model: Model, pick: number): string {
  const ids = [...model.keys(), NEVER_EXISTED];
  return ids[pick % ids.length]!;
}

async function step(model: Model, o: Op): Promise<void> {
  const as = credentials(ACTORS[o.actor], o.via);
  if (o.kind === "create") {
    const res = await call(server, "POST", "/api/tasks", { as, json: { title: o.title } });
    expect(res.status).toBe(201);
    model.set(res.body.id, { owner: o.actor, task: res.body });
    return;
  }
  if (o.kind === "list") {
    const res = await call(server, "GET", "/api/tasks?limit=100", { as });
    expect(res.status).toBe(200);
    const mine = [...model.values()].filter((t) => t.owner === o.actor).map((t) => t.task);
    expect(new Map(res.body.items.map((t: Task) => [t.id, t]))).toEqual(new Map(mine.map((t) => [t.id, t])));
    return;
  }
  const id = target(model, o.pick);
  const entry = model.get(id);
  const owned = entry?.owner === o.actor;
  const path = o.kind === "complete" || o.kind === "toggle" ? `/api/tasks/${id}/complete` : `/api/tasks/${id}`;
  const method = { get: "GET", patch: "PATCH", put: "PUT", complete: "PATCH", toggle: "PATCH", delete: "DELETE" }[o.kind];
  const json = { get: undefined, patch: { title: o.title }, put: { title: o.title }, complete: { completed: true }, toggle: undefined, delete: undefined }[o.kind];
  const res = await call(server, method, path, { as, json });
  if (!owned) {
    expect(res.status).toBe(404);
    expect(res.body).toEqual(problems.notFound);
    return;
  }
  if (o.kind === "delete") {
    expect(res.status).toBe(204);
    model.delete(id);
    return;
  }
  expect(res.status).toBe(200);
  const before = entry!.task;
  const expected =
    o.kind === "get" ? before
    : o.kind === "patch" ? { ...before, title: o.title }
    : o.kind === "put" ? { ...before, title: o.title, description: null, priority: null, dueDate: null, completed: false }
    : o.kind === "complete" ? { ...before, completed: true }
    : { ...before, completed: !before.completed };
  expect(res.body).toEqual({ ...expected, updatedAt: o.kind === "get" ? before.updatedAt : expect.any(String) });
  entry!.task = res.body;
}

describe("object-level authorization (API1)", () => {
  it("no request of one user ever observes or changes the other's tasks", async () => {
    let attacks = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        // Each run starts from what the server has now: both users' current tasks.
        const model: Model = new Map();
        for (const [owner, name] of ACTORS.entries()) {
          const res = await call(server, "GET", "/api/tasks?limit=100", { as: credentials(name) });
          for (const task of res.body.items) model.set(task.id, { owner, task });
        }
        for (const o of ops) {
          const before = model.get(target(model, o.pick));
          if (before && before.owner !== o.actor && o.kind !== "create" && o.kind !== "list") attacks++;
          await step(model, o);
        }
        for (const owner of ACTORS.keys()) await step(model, { actor: owner as 0 | 1, via: "jwt", kind: "list", pick: 0, title: "" });
      }),
      { numRuns: 30 },
    );
    console.info(`[security] object-level: ${attacks} cross-user requests tried, all answered 404 with nothing changed`);
    expect(attacks).toBeGreaterThan(20);
  });
});
