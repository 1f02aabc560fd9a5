// Every shape of GET /api/tasks: one query string for each combination of the filters'
// presence and form, the sort and the order (the SQL text of the list depends on these,
// not on the values), so a sweep of them is every distinct list statement a client can
// cause; each is followed by its second page (a cursor) where there is one. Shared by the
// data-layer test (prepared-statements.test.ts) and the memory test over HTTP.

const DAY_MS = 86_400_000;

/** Tasks that give most shapes a second page: every priority, status and kind of due date, half of them matching SEARCH_WORD. */
export const SEARCH_WORD = "garden";

export type SeedTask = { title: string; priority: string | null; completed: boolean; dueDate: string | null };

export function sweepTasks(now = Date.now()): SeedTask[] {
  const dues = [null, new Date(now - 10 * DAY_MS).toISOString(), new Date(now + 10 * DAY_MS).toISOString()];
  const out: SeedTask[] = [];
  for (const priority of [null, "low", "medium", "high"])
    for (const completed of [false, true])
      for (const dueDate of dues)
        for (const title of [`water the ${SEARCH_WORD}`, "call the office"]) out.push({ title, priority, completed, dueDate });
  return out; // 48
}

type Axis = readonly (Record<string, string> | null)[];

// One value per form that changes the SQL: absent, or present (and for the priority list
// its length, for the booleans each value, since true and false are different conditions).
// status=completed is status=pending's statement with another parameter; no order is desc.
function axes(now: number): Axis[] {
  const day = (n: number) => new Date(now + n * DAY_MS).toISOString();
  return [
    [null, { status: "pending" }],
    [null, { priority: "high" }, { priority: "low,high" }, { priority: "low,medium,high" }],
    [null, { dueBefore: day(30) }],
    [null, { dueAfter: day(-30) }],
    [null, { overdue: "true" }, { overdue: "false" }],
    [null, { hasDueDate: "true" }, { hasDueDate: "false" }],
    [null, { q: SEARCH_WORD }],
    [null, ...["createdAt", "updatedAt", "dueDate", "priority", "title"].map((sort) => ({ sort }))],
    [{ order: "asc" }, { order: "desc" }],
  ];
}

/** Every combination (6,912 first pages), as query-string records, limit 1 so that most have a next page. */
export function listSweep(now = Date.now()): Record<string, string>[] {
  let combinations: Record<string, string>[] = [{ limit: "1" }];
  for (const axis of axes(now)) combinations = combinations.flatMap((c) => axis.map((value) => ({ ...c, ...value })));
  return combinations;
}

/** Runs `visit` over every item, `concurrency` at a time (each worker takes the next). */
export async function eachConcurrently<T>(items: readonly T[], concurrency: number, visit: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await visit(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
