import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, rowsOf } from "@/db/client";
import { listTasks } from "@/lib/tasks/list";
import type { ListTasksQuery } from "@/lib/tasks/list-query";
import { createTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import type { DatabaseLocale } from "../support/test-database";

// sort=title is the same order whatever the database's collation: the data layer, on a
// database made with each locale this server has. PGlite has one database, made by its own
// initdb (collate C, ctype C.UTF-8), so there only the default one runs.

// The title order people expect; equal keys (cafe = CAFE, émile = Émile) go by id. Ids are
// time-ordered (lib/tasks/ids.ts), and each pair is created lowercase first: ordering ties
// by the title instead would swap it.
const ASC = ["apples", "cafe", "CAFE", "Café crème order", "émile", "Émile", "quarterly taxes", "water plants", "Zebra", "zèbre"];
const CREATION_ORDER = ["Zebra", "apples", "Café crème order", "quarterly taxes", "water plants", "cafe", "CAFE", "émile", "Émile", "zèbre"];
// C and C.UTF-8 order by code point: capitals first, accented letters after z.
const CODE_POINT_ORDER = ["CAFE", "Café crème order", "Zebra", "apples", "cafe", "quarterly taxes", "water plants", "zèbre", "Émile", "émile"];
const DESC = ["zèbre", "Zebra", "water plants", "quarterly taxes", "Émile", "émile", "Café crème order", "CAFE", "cafe", "apples"];

type Case = { name: string; locale?: DatabaseLocale; codePoint: boolean; available(admin: postgres.Sql): Promise<boolean> };
const always = async () => true;
const CASES: Case[] = [
  { name: "the server's default", codePoint: false, available: always },
  { name: "C", locale: { libc: "C" }, codePoint: true, available: always },
  { name: "C.UTF-8", locale: { libc: "C.UTF-8" }, codePoint: true, available: always },
  {
    name: "en_US.UTF-8",
    locale: { libc: "en_US.UTF-8" },
    codePoint: false,
    // Only where the operating system has the locale (initdb lists it in pg_collation).
    available: async (admin) => (await admin`select 1 from pg_collation where collprovider = 'c' and collcollate in ('en_US.UTF-8', 'en_US.utf8')`).length > 0,
  },
  {
    name: "ICU en-US",
    locale: { icu: "en-US" },
    codePoint: false,
    available: async (admin) => (await admin`select 1 from pg_collation where collprovider = 'i' limit 1`).length > 0,
  },
];

async function walk(userId: string, order: "asc" | "desc", limit: number): Promise<string[]> {
  const titles: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page <= ASC.length; page++) {
    const query: ListTasksQuery = { status: "all", sort: "title", order, limit, ...(cursor ? { cursor } : {}) };
    const { items, nextCursor } = await listTasks(userId, query);
    titles.push(...items.map((t) => t.title));
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return titles;
}

const onPostgres = Boolean(process.env.DATABASE_URL);
let admin: postgres.Sql | undefined;
beforeAll(() => {
  if (onPostgres) admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
});
afterAll(() => admin?.end());

describe.each(CASES.filter((c) => onPostgres || !c.locale))("sort=title in a database with collation $name", (c) => {
  let env: Awaited<ReturnType<typeof useCleanDatabase>> | undefined;
  let ada: string;
  let skip: string | undefined;

  beforeAll(async () => {
    if (admin && !(await c.available(admin))) {
      skip = `this PostgreSQL has no ${c.name} locale`;
      return;
    }
    env = await useCleanDatabase(c.locale);
    ada = await insertUser("ada-id");
    for (const title of CREATION_ORDER) await createTask(ada, { title });
  });
  afterAll(() => env?.close());

  it("is made with that collation, which orders the raw titles its own way", async (ctx) => {
    if (skip) ctx.skip(skip);
    const db = await database();
    const raw = rowsOf<{ title: string }>(await db.execute(sql`select title from tasks order by title, id`)).map((r) => r.title);
    expect(raw).toHaveLength(ASC.length);
    if (c.codePoint) expect(raw).toEqual(CODE_POINT_ORDER);
    if (c.locale && "libc" in c.locale) {
      const [row] = rowsOf<{ datcollate: string }>(await db.execute(sql`select datcollate from pg_database where datname = current_database()`));
      expect(row!.datcollate).toBe(c.locale.libc);
    }
  });

  it.for([
    ["asc", ASC],
    ["desc", DESC],
  ] as const)("order=%s is the same as everywhere, on one page and walked two and one at a time", async ([order, expected], ctx) => {
    if (skip) ctx.skip(skip);
    expect(await walk(ada, order, 100)).toEqual(expected);
    expect(await walk(ada, order, 2)).toEqual(expected);
    expect(await walk(ada, order, 1)).toEqual(expected);
  });
});
