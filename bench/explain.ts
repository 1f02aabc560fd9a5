// EXPLAIN (ANALYZE, BUFFERS) of every list query shape on the seeded data, with the SQL
// built by the app's own query builder (lib/tasks/list.ts listTasksStatement), so the
// plans are those of the code under test. The heavy user is where a missing index shows.
import { and, eq } from "drizzle-orm";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { tasks } from "@/db/schema";
import { reachableTasks } from "@/lib/lists/access";
import { RESULTS_DIR } from "./report";
import { SHARED_LIST_ID } from "./seed-sql";

export type Shape = { name: string; query?: Record<string, string>; getId?: string; userId: string };

export type ExplainSummary = { shape: string; access: string; seqScan: boolean; sort: boolean; ms: number };

function summarize(shape: string, plan: string): ExplainSummary {
  const access = [...plan.matchAll(/(Index Only Scan(?: Backward)?|Index Scan(?: Backward)?|Bitmap Index Scan|Seq Scan) (?:using|on) (\w+)/g)]
    .map((m) => `${m[1]} ${m[2]}`);
  return {
    shape,
    access: [...new Set(access)].join(" + ") || "?",
    seqScan: /Seq Scan on tasks/.test(plan),
    sort: /\bSort\b/.test(plan),
    ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
  };
}

export function formatExplain(s: ExplainSummary): string {
  return `${s.shape.padEnd(34)} ${s.seqScan ? "SEQ SCAN" : "index   "} ${s.ms.toFixed(2).padStart(8)} ms  ${s.access}${s.sort ? " + sort" : ""}`;
}

/** Writes the plans to bench/results/explain-<stamp>.txt and answers one summary per shape. */
export async function explainShapes(databaseUrl: string, secret: string, shapes: Shape[], stamp: string) {
  process.env.BETTER_AUTH_SECRET = secret; // config().authSecret: the cursor MAC (lib/tasks/cursor.ts)
  const { listTasksStatement, searchScope } = await import("@/lib/tasks/list");
  const { listTasksQuery } = await import("@/lib/tasks/list-query");
  const handle = openDatabase({ databaseUrl, dataDir: ".data" });
  const raw = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const summaries: ExplainSummary[] = [];
  let text = "Each plan is the second of two executions (cache warm).\n\n";
  try {
    for (const shape of shapes) {
      const query = listTasksQuery.parse(shape.query ?? {});
      const statement = shape.getId
        ? handle.db.select().from(tasks).where(and(eq(tasks.id, shape.getId), reachableTasks(shape.userId)))
        : listTasksStatement(handle.db, shape.userId, query, await searchScope(handle.db, shape.userId, query));
      const { sql, params } = statement.toSQL();
      // Twice, keeping the second: the plan as it runs with the pages in cache (steady state).
      await raw.unsafe(`explain (analyze, buffers) ${sql}`, params as never[]);
      const rows = await raw.unsafe(`explain (analyze, buffers) ${sql}`, params as never[]);
      const plan = rows.map((r) => r["QUERY PLAN"] as string).join("\n");
      text += `== ${shape.name}\n${sql}\n-- params: ${JSON.stringify(params)}\n${plan}\n\n`;
      summaries.push(summarize(shape.name, plan));
    }
  } finally {
    await raw.end();
    await handle.close();
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `explain-${stamp}.txt`);
  writeFileSync(file, text);
  return { file: path.relative(path.join(RESULTS_DIR, "../.."), file), summaries };
}

/**
 * The shapes: each sort's first page over all five of the heavy user's lists, one shared
 * list's, filtered, search, tag-filtered and a deep page for the heavy user; get by id.
 */
export function listShapes(heavyId: string, smallId: string, deepCursor: string, searchWord: string, getId: string): Shape[] {
  const heavy = (name: string, query: Record<string, string>): Shape => ({ name, query, userId: heavyId });
  return [
    { name: "100-task user first page", query: {}, userId: smallId },
    heavy("heavy first page createdAt desc", {}),
    heavy("heavy one shared list's page", { listId: SHARED_LIST_ID }),
    heavy("heavy one shared list, title asc", { listId: SHARED_LIST_ID, sort: "title", order: "asc" }),
    heavy("heavy first page updatedAt desc", { sort: "updatedAt" }),
    heavy("heavy first page dueDate asc", { sort: "dueDate", order: "asc" }),
    heavy("heavy first page dueDate desc", { sort: "dueDate" }),
    heavy("heavy first page priority desc", { sort: "priority" }),
    heavy("heavy first page priority asc", { sort: "priority", order: "asc" }),
    heavy("heavy first page title asc", { sort: "title", order: "asc" }),
    heavy("heavy status=pending", { status: "pending" }),
    heavy("heavy overdue=true", { overdue: "true" }),
    heavy(`heavy search q=${searchWord}`, { q: searchWord }),
    // Every page above carries its tasks' tags (issue 12); these filter by them.
    heavy("heavy tag=urgent", { tag: "urgent" }),
    heavy("heavy tag=home,money all", { tag: "home,money", tagMode: "all" }),
    heavy("heavy one shared list, tag=family", { listId: SHARED_LIST_ID, tag: "family" }),
    heavy("heavy deep page (cursor)", { cursor: deepCursor }),
    { name: "get by id", getId, userId: smallId },
  ];
}
