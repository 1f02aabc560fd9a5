import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, openDatabase, rowsOf, type Database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { useCleanDatabase } from "../support/data-layer";

// tasks_title_key (migration 0005): what sort=title compares. The same literal answers on
// PGlite and on PostgreSQL (run this file on both), and on PostgreSQL a PGlite opened beside
// it must agree on every character of the Basic Multilingual Plane.

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
beforeAll(async () => {
  env = await useCleanDatabase();
});
afterAll(() => env?.close());

async function keyOf(db: Database, title: string): Promise<string> {
  const [row] = rowsOf<{ key: string }>(await db.execute(sql`select tasks_title_key(${title}::text) as key`));
  return row!.key;
}

describe("tasks_title_key", () => {
  it.each([
    ["ASCII, lowercased", "Water Plants", "water plants"],
    ["accents dropped", "Café crème", "cafe creme"],
    ["accents written as combining marks (NFD)", "Cafe\u0301 cre\u0300me", "cafe creme"],
    ["ß and ẞ spelled out", "Straße ẞ", "strasse ss"],
    ["Æ Œ Þ spelled out", "Æsir Œuvre Þór æ œ þ", "aesir oeuvre thor ae oe th"],
    ["letters with a stroke to their base letter", "Øresund Łódź Đakovo Ħamrun ı", "oresund lodz dakovo hamrun i"],
    ["the titlecase digraph ǅ and its capital", "ǅemal ǄEMAL ǆ", "dzemal dzemal dz"],
    ["Turkish dotted capital I", "İstanbul", "istanbul"],
    ["ligatures and compatibility forms", "ﬃ ﬁle Ａｂｃ ① ²", "ffi file abc 1 2"],
    ["Greek capitals, tonos and final sigma", "ΣΟΦΊΑ Ωμέγα σοφίας", "σοφια ωμεγα σοφιασ"],
    ["Cyrillic capitals, Ё and Й", "МОСКВА Ёлка ЙОД Ђаво Ґанок", "москва елка иод ђаво ґанок"],
    ["other scripts as they are", "東京 Ⴀ Ա", "東京 Ⴀ Ա"],
  ])("%s: %j", async (_, title, key) => {
    expect(await keyOf(await database(), title)).toBe(key);
  });

  it("is case- and accent-blind on the very pairs the API sorts (émile = Émile, cafe = CAFE)", async () => {
    const db = await database();
    for (const [a, b] of [
      ["émile", "Émile"],
      ["cafe", "CAFE"],
      ["Zebra", "zebra"],
    ]) {
      expect(await keyOf(db, a!)).toBe(await keyOf(db, b!));
    }
  });

  // NFKD spells U+FDFA as 18 characters: 200 of them would not fit an index entry.
  it("stops at 400 characters, so that an index entry stays under PostgreSQL's limit", async () => {
    const key = await keyOf(await database(), "\uFDFA".repeat(200));
    expect([...key]).toHaveLength(400);
    expect(key.startsWith("صلى الله عليه وسلم")).toBe(true);
  });
});

describe.runIf(process.env.DATABASE_URL)("PGlite and PostgreSQL fold alike", () => {
  let dataDir: string;
  let lite: ReturnType<typeof openDatabase>;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "tasks-title-key-"));
    lite = openDatabase({ dataDir });
    await migrateDatabase(lite, { dataDir });
  });
  afterAll(async () => {
    await lite?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  // Each character after a capital, so that every one of them goes the long way. Beyond the
  // BMP the two differ on characters newer than PostgreSQL 15's Unicode (14.0), which NFKD
  // decomposes only where it knows them.
  const everyCharacter = sql`
    select cp, tasks_title_key('A' || chr(cp) || 'z') as key
    from generate_series(1, 65535) as cp where cp not between 55296 and 57343 order by cp`;

  it("on every character of the Basic Multilingual Plane", async () => {
    const [postgresKeys, pgliteKeys] = await Promise.all([
      database().then(async (db) => rowsOf<{ cp: number; key: string }>(await db.execute(everyCharacter))),
      lite.db.execute(everyCharacter).then((result) => rowsOf<{ cp: number; key: string }>(result)),
    ]);
    expect(postgresKeys).toHaveLength(65535 - 2048);
    const differ = postgresKeys.filter((row, i) => pgliteKeys[i]?.key !== row.key).map((row) => row.cp.toString(16));
    expect(differ).toEqual([]);
  });
});
