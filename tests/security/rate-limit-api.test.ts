import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp, type ApiResponse, type TestUser } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

// API_RATE_LIMIT_PER_MINUTE=5: a token bucket per user (5 at once, one more every 12 s),
// in the server's memory, checked right after authentication on every /api/tasks route.

const { server } = useAppServer({ env: { API_RATE_LIMIT_PER_MINUTE: "5" } });

function quota(res: ApiResponse) {
  const n = (name: string) => (res.headers.has(name) ? Number(res.headers.get(name)) : null);
  return { limit: n("ratelimit-limit"), remaining: n("ratelimit-remaining"), reset: n("ratelimit-reset"), retryAfter: n("retry-after") };
}

describe("per user, across every /api/tasks route", () => {
  let alice: TestUser;
  beforeAll(async () => {
    alice = await signUp(server, "Alice");
  });

  it("says what is left on every response, then refuses with 429 problem+json", async () => {
    const as = { user: alice, via: "jwt" as const };
    const created = await call(server, "POST", "/api/tasks", { as, json: { title: "one" } });
    const responses = [
      created,
      await call(server, "GET", `/api/tasks/${created.body.id}`, { as }),
      await call(server, "GET", "/api/tasks?status=pending", { as }),
      await call(server, "GET", "/api/tasks/summary", { as }),
      await call(server, "GET", "/api/tasks/does-not-exist", { as }), // a 404 counts, and says so
    ];
    expect(responses.map((r) => r.status)).toEqual([201, 200, 200, 200, 404]);
    expect(responses.map((r) => [quota(r).limit, quota(r).remaining, quota(r).retryAfter])).toEqual([
      [5, 4, null],
      [5, 3, null],
      [5, 2, null],
      [5, 1, null],
      [5, 0, null],
    ]);
    // RateLimit-Reset: until the bucket is full again, 12 s per request used.
    for (const r of responses) expect(quota(r).reset).toBeGreaterThan(0);
    expect(quota(responses[4]!).reset).toBeLessThanOrEqual(60);

    const refused = await call(server, "PATCH", `/api/tasks/${created.body.id}`, { as, json: { title: "changed" } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.body).toEqual(problems.rateLimited(5));
    const q = quota(refused);
    expect([q.limit, q.remaining]).toEqual([5, 0]);
    expect(q.retryAfter).toBeGreaterThanOrEqual(1);
    expect(q.retryAfter).toBeLessThanOrEqual(12);
    expect(q.reset).toBeGreaterThanOrEqual(q.retryAfter!);
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("the refused write did not happen", async () => {
    // The bucket refills one request per 12 s: wait for one, then look.
    await new Promise((r) => setTimeout(r, 12_500));
    const list = await call(server, "GET", "/api/tasks", { as: { user: alice, via: "jwt" } });
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { title: string }) => t.title)).toEqual(["one"]);
  }, 20_000);
});

describe("whose bucket", () => {
  it("one user's limit does not touch another's", async () => {
    const [carol, dave] = await Promise.all([signUp(server, "Carol"), signUp(server, "Dave")]);
    for (let i = 0; i < 5; i++) await call(server, "GET", "/api/tasks", { as: { user: carol, via: "jwt" } });
    expect((await call(server, "GET", "/api/tasks", { as: { user: carol, via: "jwt" } })).status).toBe(429);
    const other = await call(server, "GET", "/api/tasks", { as: { user: dave, via: "jwt" } });
    expect([other.status, quota(other).remaining]).toEqual([200, 4]);
  });

  it("the cookie and the JWT of one user draw on the same bucket", async () => {
    const erin = await signUp(server, "Erin");
    const statuses: number[] = [];
    for (const via of ["jwt", "cookie", "jwt", "cookie", "jwt", "cookie"] as const) {
      statuses.push((await call(server, "GET", "/api/tasks", { as: { user: erin, via } })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("parallel requests get exactly the limit", async () => {
    const frank = await signUp(server, "Frank");
    const results = await Promise.all(Array.from({ length: 12 }, () => call(server, "GET", "/api/tasks", { as: { user: frank, via: "jwt" } })));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(5).fill(200), ...Array(7).fill(429)]);
  });

  it("requests that fail authentication take nothing and carry no quota", async () => {
    const res = await call(server, "GET", "/api/tasks", { headers: { authorization: "Bearer nope" } });
    expect(res.status).toBe(401);
    expect(quota(res)).toEqual({ limit: null, remaining: null, reset: null, retryAfter: null });
  });

  it("the health probes and the auth routes are not part of it", async () => {
    for (let i = 0; i < 8; i++) expect((await call(server, "GET", "/api/health/live")).status).toBe(200);
  });
});
