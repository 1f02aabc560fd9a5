import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import type { ApiResponse } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { rawRequest } from "../support/raw-http";

// Resources (API4): the server's memory stays flat under requests that are as large as the
// limits allow and all different: bodies padded to 16 KiB and 256 KiB, pages of 100
// full-size tasks, a maximal image sent back with every session read, and list, summary
// and change-feed queries that never repeat. (A 30 MB image read by eight clients at once
// once took the server from 420 MB to 1.48 GB.) Measured as the server's resident memory
// (/proc/<pid>/status) after warm-up rounds, then after each further round: it may not keep
// growing. A size, never a time.

// V8 would otherwise let its heap grow by about 100 MiB under this load before collecting
// (measured here: 204 MiB after two rounds, 306 after twelve, on PostgreSQL), which hides a
// leak of the same size. With the old space capped, it collects as it goes (flat within
// 6 MiB over ten rounds), and a leak either shows in the resident size or exhausts the
// capped heap, and the server's answers fail.
const HEAP_CAP_MIB = 128;
const { server, users } = useAppServer({ users: ["Alice"], env: { NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MIB}` } });
// Measured here after three rounds of warm-up, over four: PostgreSQL +6 MiB, PGlite (its
// WASM memory is in the same process) up to +22 MiB. A leak of these rounds' data (about
// 25 MiB in and 30 MiB out each) would add far more.
const WARM_UP_ROUNDS = 3;
const ROUNDS = 4;
const GROWTH_BOUND_MIB = 48;

function rssMiB(): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const headers = () => ({ authorization: `Bearer ${users.Alice.jwt}`, "content-type": "application/json" });
const cookieHeaders = () => ({ cookie: users.Alice.cookie, origin: server.url, "content-type": "application/json" });

async function expectOk(res: Promise<ApiResponse>, what: string): Promise<ApiResponse> {
  const answer = await res;
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
  return answer;
}

/** JSON padded with spaces to exactly `bytes` bytes: as large as the limit lets it be, and accepted. */
const padded = (value: unknown, bytes: number) => {
  const text = JSON.stringify(value);
  return text + " ".repeat(bytes - Buffer.byteLength(text));
};

let unique = 0;
const distinct = (length: number) => `${++unique}-`.padEnd(length, String.fromCodePoint(0x4e00 + (unique % 20000)));

async function round(taskIds: string[], zones: string[], token: { next: string }): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const id = taskIds[i % taskIds.length]!;
    const body = padded({ title: distinct(200), description: distinct(1000), priority: "high", dueDate: `2030-01-01T00:00:${String(i % 60).padStart(2, "0")}Z` }, 16 * 1024);
    await expectOk(rawRequest(server.url, { method: "PUT", path: `/api/tasks/${id}`, headers: headers(), body }), "PUT");
  }
  for (let i = 0; i < 6; i++) {
    const operations = taskIds.slice(0, 50).map((id) => ({ op: "update", id, body: { description: distinct(300) } }));
    await expectOk(rawRequest(server.url, { method: "POST", path: "/api/tasks/batch", headers: headers(), body: padded({ operations }, 256 * 1024) }), "batch");
  }
  const sorts = ["createdAt", "updatedAt", "dueDate", "priority", "title"];
  for (let i = 0; i < 30; i++) {
    const query = `sort=${sorts[i % 5]}&order=${i % 2 ? "asc" : "desc"}&limit=100&dueAfter=0001-01-0${(i % 9) + 1}`;
    await expectOk(rawRequest(server.url, { method: "GET", path: `/api/tasks?${query}`, headers: headers() }), "list");
    await expectOk(rawRequest(server.url, { method: "GET", path: `/api/tasks?q=${encodeURIComponent(distinct(40))}&limit=100`, headers: headers() }), "search");
  }
  for (let i = 0; i < 20; i++) {
    const tz = zones[(unique + i) % zones.length]!;
    await expectOk(rawRequest(server.url, { method: "GET", path: `/api/tasks/summary?tz=${encodeURIComponent(tz)}`, headers: headers() }), "summary");
  }
  for (let i = 0; i < 10; i++) {
    const feed = await expectOk(rawRequest(server.url, { method: "GET", path: `/api/tasks/changes?since=${encodeURIComponent(token.next)}&limit=1000`, headers: headers() }), "changes");
    token.next = (feed.body as { next: string }).next;
  }
  for (let i = 0; i < 20; i++) {
    await expectOk(rawRequest(server.url, { method: "POST", path: "/api/auth/update-user", headers: cookieHeaders(), body: JSON.stringify({ name: distinct(255) }) }), "update-user");
    await expectOk(rawRequest(server.url, { method: "GET", path: "/api/auth/get-session", headers: cookieHeaders() }), "get-session");
  }
}

it("stays flat under large and distinct requests", async () => {
  const image = `https://example.com/${"i".repeat(2048 - "https://example.com/".length)}`;
  await expectOk(rawRequest(server.url, { method: "POST", path: "/api/auth/update-user", headers: cookieHeaders(), body: JSON.stringify({ image }) }), "image");
  // 100 full-size tasks (two batches: 100 of them are more than a batch's 256 KiB).
  const taskIds: string[] = [];
  for (let half = 0; half < 2; half++) {
    const operations = Array.from({ length: 50 }, () => ({ op: "create", body: { title: distinct(200), description: distinct(1000) } }));
    const created = await expectOk(rawRequest(server.url, { method: "POST", path: "/api/tasks/batch", headers: headers(), body: JSON.stringify({ operations }) }), "seed");
    taskIds.push(...(created.body as { results: { task: { id: string } }[] }).results.map((r) => r.task.id));
  }
  const zones = Intl.supportedValuesOf("timeZone").filter((z) => z.includes("/"));
  const token = { next: (await expectOk(rawRequest(server.url, { method: "GET", path: "/api/tasks/changes?limit=1", headers: headers() }), "token")).body.next as string };

  for (let i = 0; i < WARM_UP_ROUNDS; i++) await round(taskIds, zones, token);
  const baseline = rssMiB();
  const after: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await round(taskIds, zones, token);
    after.push(rssMiB());
  }
  console.log(`[resources] server RSS after warm-up ${baseline.toFixed(0)} MiB, after each of ${ROUNDS} rounds: ${after.map((m) => m.toFixed(0)).join(", ")} MiB (bound: +${GROWTH_BOUND_MIB})`);
  expect(Math.max(...after) - baseline).toBeLessThan(GROWTH_BOUND_MIB);
}, 240_000);
