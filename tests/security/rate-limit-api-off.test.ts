import { expect, it } from "vitest";
import { call, signUp } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";

// API_RATE_LIMIT_PER_MINUTE=0 turns the per-user limit off: no refusals, no RateLimit headers.

const { server } = useAppServer({ env: { API_RATE_LIMIT_PER_MINUTE: "0" } });

it("answers every request and says nothing about limits", async () => {
  const alice = await signUp(server, "Alice");
  const results = await Promise.all(Array.from({ length: 30 }, () => call(server, "GET", "/api/tasks", { as: { user: alice, via: "jwt" } })));
  expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
  for (const r of results) {
    expect([...r.headers.keys()].filter((name) => name.startsWith("ratelimit") || name === "retry-after")).toEqual([]);
  }
});
