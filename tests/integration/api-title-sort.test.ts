import { beforeAll, describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";

// GET /api/tasks?sort=title over real HTTP: case and accents ignored, the same order on
// PGlite and on PostgreSQL whatever its collation (this machine's is C.UTF-8, which alone
// would give "CAFE, Café crème order, Zebra, apples, ..., émile"). Titles that fold to the
// same key tie, and the id breaks the tie in the direction of the order.

const { server, users, as } = useAppServer({ users: ["Ada"] });
const ids = new Map<string, string>(); // title -> id

// Ascending, one group per key. Within a group the lowercase title is created first, so
// its id is the smaller: ordering ties by the raw title instead would swap them.
const GROUPS = [
  ["apples"],
  ["cafe", "CAFE"],
  ["Café crème order"],
  ["émile", "Émile"],
  ["Ørsted"], // no decomposition: the stroke is part of the letter, folded to o by hand
  ["quarterly taxes"],
  ["Straße"], // strasse
  ["water plants"],
  ["Zebra"],
  ["zèbre"],
];
// Created in an order that is neither the expected one nor its reverse.
const CREATION_ORDER = ["Zebra", "apples", "Café crème order", "quarterly taxes", "water plants", "cafe", "CAFE", "émile", "Émile", "zèbre", "Straße", "Ørsted"];

function byId(titles: string[], order: "asc" | "desc"): string[] {
  const sorted = [...titles].sort((a, b) => (ids.get(a)! < ids.get(b)! ? -1 : 1));
  return order === "asc" ? sorted : sorted.reverse();
}
const ASC = GROUPS.flatMap((group) => byId(group, "asc"));
const DESC = [...GROUPS].reverse().flatMap((group) => byId(group, "desc"));

beforeAll(async () => {
  for (const title of CREATION_ORDER) ids.set(title, (await createTask(server, users.Ada, { title })).id);
});

async function titles(query: string): Promise<{ titles: string[]; nextCursor: string | null }> {
  const res = await call(server, "GET", `/api/tasks?${query}`, { as: as("Ada") });
  expect(res.status).toBe(200);
  return { titles: res.body.items.map((t: { title: string }) => t.title), nextCursor: res.body.nextCursor };
}

describe("sort=title as people read", () => {
  it("has a group for every task it creates", () => {
    expect(GROUPS.flat().sort()).toEqual([...CREATION_ORDER].sort());
    expect(ids.get("cafe")! < ids.get("CAFE")! && ids.get("émile")! < ids.get("Émile")!).toBe(true);
  });

  it.each([
    ["asc", ASC],
    ["desc", DESC],
  ] as const)("order=%s: case and accents ignored, ties by id", async (order, expected) => {
    expect((await titles(`sort=title&order=${order}&limit=100`)).titles).toEqual(expected);
  });

  it("spells the ascending order out", () => {
    expect(ASC).toEqual(["apples", "cafe", "CAFE", "Café crème order", "émile", "Émile", "Ørsted", "quarterly taxes", "Straße", "water plants", "Zebra", "zèbre"]);
    expect(DESC.slice(0, 4)).toEqual(["zèbre", "Zebra", "water plants", "Straße"]);
    expect(DESC.slice(6, 10)).toEqual(["Émile", "émile", "Café crème order", "CAFE"]);
  });

  it.each([
    [1, "asc"],
    [2, "asc"],
    [1, "desc"],
    [2, "desc"],
  ] as const)("walks every page with limit=%i, order=%s: each task once, in order", async (limit, order) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await titles(`sort=title&order=${order}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.titles);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages <= ASC.length);
    expect(seen).toEqual(order === "asc" ? ASC : DESC);
    expect(pages).toBe(Math.ceil(ASC.length / limit));
  });
});
