import { describe, expect, it } from "vitest";
import { call, createTask, signUp, type TestUser } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

// MAX_TASKS_PER_USER=3: a user's fourth task is a 422, however it is created (one POST,
// an idempotent POST, a batch) and however many requests race for the last place.

const { server } = useAppServer({ env: { MAX_TASKS_PER_USER: "3" } });

const LIMIT_REACHED = problems.taskLimitReached(3);

const as = (user: TestUser) => ({ user, via: "jwt" as const });

async function titles(user: TestUser): Promise<string[]> {
  const res = await call(server, "GET", "/api/tasks?sort=title&order=asc", { as: as(user) });
  return res.body.items.map((t: { title: string }) => t.title);
}

async function userWith(name: string, count: number): Promise<TestUser> {
  const user = await signUp(server, name);
  for (let i = 1; i <= count; i++) await createTask(server, user, { title: `t${i}` });
  return user;
}

describe("one request at a time", () => {
  it("the fourth POST is a 422 naming the cap, and creates nothing", async () => {
    const alice = await userWith("Alice", 3);
    const res = await call(server, "POST", "/api/tasks", { as: as(alice), json: { title: "t4" } });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toEqual(LIMIT_REACHED);
    expect(await titles(alice)).toEqual(["t1", "t2", "t3"]);
  });

  it("deleting one makes room for one", async () => {
    const bob = await userWith("Bob", 3);
    const [first] = (await call(server, "GET", "/api/tasks", { as: as(bob) })).body.items;
    expect((await call(server, "DELETE", `/api/tasks/${first.id}`, { as: as(bob) })).status).toBe(204);
    expect((await call(server, "POST", "/api/tasks", { as: as(bob), json: { title: "t4" } })).status).toBe(201);
    expect((await call(server, "POST", "/api/tasks", { as: as(bob), json: { title: "t5" } })).status).toBe(422);
  });

  it("clearing completed tasks makes room for as many, and a refused create changes no count", async () => {
    const bea = await userWith("Bea", 3);
    expect((await call(server, "POST", "/api/tasks", { as: as(bea), json: { title: "t4" } })).status).toBe(422);
    const items = (await call(server, "GET", "/api/tasks", { as: as(bea) })).body.items;
    for (const task of items.slice(0, 2)) {
      await call(server, "PATCH", `/api/tasks/${task.id}/complete`, { as: as(bea), json: { completed: true } });
    }
    expect((await call(server, "DELETE", "/api/tasks?status=completed", { as: as(bea) })).body).toEqual({ deleted: 2 });
    const creates = [];
    for (const title of ["n1", "n2", "n3"]) creates.push((await call(server, "POST", "/api/tasks", { as: as(bea), json: { title } })).status);
    expect(creates).toEqual([201, 201, 422]);
    expect(await titles(bea)).toEqual(["n1", "n2", items[2].title]);
  });

  it("holds for an Idempotency-Key, which stays unused for a later retry", async () => {
    const carol = await userWith("Carol", 3);
    const post = () => call(server, "POST", "/api/tasks", { as: as(carol), json: { title: "t4" }, headers: { "idempotency-key": "k-1" } });
    const refused = await post();
    expect([refused.status, refused.body]).toEqual([422, LIMIT_REACHED]);
    const [first] = (await call(server, "GET", "/api/tasks", { as: as(carol) })).body.items;
    await call(server, "DELETE", `/api/tasks/${first.id}`, { as: as(carol) });
    expect((await post()).status).toBe(201);
  });

  it("is per user: a full account leaves the others alone", async () => {
    await userWith("Dave", 3);
    const erin = await signUp(server, "Erin");
    expect((await call(server, "POST", "/api/tasks", { as: as(erin), json: { title: "mine" } })).status).toBe(201);
  });
});

describe("an Idempotency-Key that created the last task", () => {
  const keyed = (user: TestUser, key: string, json: unknown) =>
    call(server, "POST", "/api/tasks", { as: as(user), json, headers: { "idempotency-key": key } });

  it("is answered before the cap: the retry is the replay, another body is idempotency-key-reused", async () => {
    const judy = await userWith("Judy", 2);
    const first = await keyed(judy, "last", { title: "t3" });
    expect(first.status).toBe(201);
    const retry = await keyed(judy, "last", { title: "t3" });
    expect([retry.status, retry.body]).toEqual([201, first.body]);
    expect(retry.headers.get("location")).toBe(first.headers.get("location"));
    expect(retry.headers.get("etag")).toBe(first.headers.get("etag"));
    const other = await keyed(judy, "last", { title: "something else" });
    expect([other.status, other.body]).toEqual([422, problems.idempotencyKeyReused]);
    // A key never used is still refused by the cap.
    expect((await keyed(judy, "fresh", { title: "t4" })).body).toEqual(LIMIT_REACHED);
    expect(await titles(judy)).toEqual(["t1", "t2", "t3"]);
  });

  it("racing copies of one keyed request for the last place: all answered 201 with the one task", async () => {
    for (let round = 0; round < 5; round++) {
      const user = await userWith(`Kim${round}`, 2);
      const results = await Promise.all(Array.from({ length: 4 }, () => keyed(user, "race", { title: "last" })));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      for (const r of results) expect([r.body, r.headers.get("etag")]).toEqual([results[0]!.body, results[0]!.headers.get("etag")]);
      expect(await titles(user)).toEqual(["last", "t1", "t2"]);
    }
  });
});

describe("batches", () => {
  it("a batch that would cross the cap creates nothing, and says which operation", async () => {
    const frank = await userWith("Frank", 2);
    const res = await call(server, "POST", "/api/tasks/batch", {
      as: as(frank),
      json: { operations: [{ op: "create", body: { title: "b1" } }, { op: "create", body: { title: "b2" } }] },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(problems.inOperation(1, LIMIT_REACHED));
    expect(await titles(frank)).toEqual(["t1", "t2"]);
  });

  it("a batch that deletes first may create up to the cap", async () => {
    const grace = await userWith("Grace", 3);
    const [first] = (await call(server, "GET", "/api/tasks", { as: as(grace) })).body.items;
    const res = await call(server, "POST", "/api/tasks/batch", {
      as: as(grace),
      json: { operations: [{ op: "delete", id: first.id }, { op: "create", body: { title: "b1" } }] },
    });
    expect(res.status).toBe(200);
    expect((await titles(grace)).length).toBe(3);
  });
});

describe("concurrency", () => {
  it("10 creates racing for 3 places: exactly 3 win", async () => {
    const heidi = await signUp(server, "Heidi");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(server, "POST", "/api/tasks", { as: as(heidi), json: { title: `r${i}` } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, ...Array(7).fill(422)]);
    for (const r of results.filter((r) => r.status === 422)) expect(r.body).toEqual(LIMIT_REACHED);
    expect((await titles(heidi)).length).toBe(3);
  });

  it("single creates and batches racing together never pass the cap", async () => {
    const ivan = await userWith("Ivan", 1);
    const batch = (n: number) =>
      call(server, "POST", "/api/tasks/batch", {
        as: as(ivan),
        json: { operations: [{ op: "create", body: { title: `b${n}a` } }, { op: "create", body: { title: `b${n}b` } }] },
      });
    const single = (n: number) => call(server, "POST", "/api/tasks", { as: as(ivan), json: { title: `s${n}` } });
    const results = await Promise.all([batch(1), single(1), batch(2), single(2), single(3), batch(3)]);
    expect(results.every((r) => r.status === 200 || r.status === 201 || r.status === 422)).toBe(true);
    const count = (await titles(ivan)).length;
    expect(count).toBeLessThanOrEqual(3);
    // Whatever won, the tasks are exactly the winners' (a refused batch left nothing behind).
    const won = results.reduce((n, r) => n + (r.status === 201 ? 1 : r.status === 200 ? 2 : 0), 1);
    expect(count).toBe(won);
  });
});
