// The benchmark's database: created on the local PostgreSQL, migrated with the app's own
// migrations, seeded in SQL (no HTTP), and reused by later runs when its marker row says it
// holds the same dataset. `npm run bench` calls ensureDataset; `tsx bench/seed.ts` seeds alone.
import { hashPassword, symmetricDecrypt, symmetricEncrypt } from "better-auth/crypto";
import { exportJWK, generateKeyPair } from "jose";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { LINKS_ADDED_TRIGGER, WRITE_EVERY_TAG_LIST_SQL } from "@/db/tag-lists";
import type { BenchOptions, DatasetParams } from "./options";
import {
  HEAVY_ID, HEAVY_LISTS, heavyListOwnerSql, ID_TIME_MISMATCHES_SQL, inboxesOf, INSERT_ACCOUNTS_SQL, INSERT_COUNTERS_SQL, insertHeavyListsSql, INSERT_TAGS_SQL, INSERT_TASK_TAGS_SQL,
  insertCommentsSql, insertTasksSql, insertUsersSql, SHARER_IDS,
} from "./seed-sql";

// Bump when the generated data changes: an older dataset is then seeded again.
const SEED_VERSION = 7;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export type Dataset = { reused: boolean; seconds: number; seededAt: Date };

function names(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  // Dropping and creating databases is destructive: only a local tasks_bench* database.
  if (!LOCAL_HOSTS.has(url.hostname) || !/^tasks_bench\w*$/.test(name)) {
    throw new Error(`Refusing to seed ${url.hostname}/${name}: the bench only uses a local database named tasks_bench*.`);
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  return { name, admin: admin.toString() };
}

async function withAdmin<T>(databaseUrl: string, fn: (sql: postgres.Sql, name: string) => Promise<T>): Promise<T> {
  const { name, admin } = names(databaseUrl);
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql, name);
  } finally {
    await sql.end();
  }
}

export function dropDatabase(databaseUrl: string): Promise<void> {
  return withAdmin(databaseUrl, async (sql, name) => void (await sql.unsafe(`drop database if exists ${name} with (force)`)));
}

async function existingDataset(databaseUrl: string, params: string): Promise<Date | undefined> {
  const exists = await withAdmin(databaseUrl, (sql, name) => sql`select 1 from pg_database where datname = ${name}`);
  if (exists.length === 0) return undefined;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [marker] = await sql`select seeded_at from bench_dataset where params = ${params}`.catch(() => []);
    return marker?.seeded_at as Date | undefined;
  } finally {
    await sql.end();
  }
}

/** The seeded database for these parameters: reused when it is there, else (re)created. */
export async function ensureDataset(options: BenchOptions): Promise<Dataset> {
  const params = JSON.stringify({ version: SEED_VERSION, ...options.dataset });
  const start = performance.now();
  let seededAt = await existingDataset(options.databaseUrl, params);
  const reused = seededAt !== undefined;
  if (!seededAt) {
    await dropDatabase(options.databaseUrl);
    await withAdmin(options.databaseUrl, (sql, name) => sql.unsafe(`create database ${name}`));
    const handle = openDatabase({ databaseUrl: options.databaseUrl, dataDir: ".data" });
    try {
      await migrateDatabase(handle, { databaseUrl: options.databaseUrl, dataDir: ".data" });
    } finally {
      await handle.close();
    }
    seededAt = await seed(options.databaseUrl, options.dataset, options.password, params);
  }
  await ensureSigningKey(options.databaseUrl, options.secret);
  return { reused, seconds: (performance.now() - start) / 1000, seededAt };
}

async function seed(databaseUrl: string, dataset: DatasetParams, password: string, params: string): Promise<Date> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe("set synchronous_commit = off");
    await sql.unsafe("set maintenance_work_mem = '256MB'");
    // Secondary indexes are built once after the rows are in (much faster than row by row),
    // from their own definitions as the migrations made them.
    const indexes = await sql<{ indexname: string; indexdef: string }[]>`
      select indexname, indexdef from pg_indexes
      where schemaname = 'public' and tablename = 'tasks' and indexname <> 'tasks_pkey'`;
    for (const { indexname } of indexes) await sql.unsafe(`drop index "${indexname}"`);
    const endMs = Date.now() - 3_600_000;
    const hash = await hashPassword(password);
    const step = timer();
    await sql.begin(async (tx) => {
      await tx.unsafe(insertUsersSql(dataset.users));
      await tx.unsafe(INSERT_ACCOUNTS_SQL, [hash]);
      await tx.unsafe("select setseed(0.42)");
      await tx.unsafe(insertHeavyListsSql());
      // A seeded dataset has no history: a million `created` entries would only slow the
      // seed, and no scenario reads them. The trigger is off for this transaction's inserts.
      await tx.unsafe("alter table tasks disable trigger tasks_history_insert");
      const special = [HEAVY_ID, ...SHARER_IDS].map((id) => `'${id}'`).join(", ");
      await tx.unsafe(insertTasksSql(inboxesOf(`owner_id not in (${special})`), dataset.tasksPerUser, 365, endMs));
      // The heavy user's tasks, over their five lists (owned and shared): seed-sql.ts HEAVY_LISTS.
      for (const list of HEAVY_LISTS) {
        await tx.unsafe(insertTasksSql(heavyListOwnerSql(list), Math.round(dataset.heavyTasks * list.share), 3 * 365, endMs));
      }
      await tx.unsafe(INSERT_COUNTERS_SQL);
      await tx.unsafe(INSERT_TAGS_SQL);
      // tasks.tag_list in one pass after the links, not a task at a time by the trigger.
      await tx.unsafe(`alter table task_tags disable trigger ${LINKS_ADDED_TRIGGER}`);
      await tx.unsafe(INSERT_TASK_TAGS_SQL);
      await tx.unsafe(`alter table task_tags enable trigger ${LINKS_ADDED_TRIGGER}`);
      await tx.unsafe(WRITE_EVERY_TAG_LIST_SQL);
      await tx.unsafe(insertCommentsSql(endMs));
      await tx.unsafe("alter table tasks enable trigger tasks_history_insert");
    });
    step("rows inserted");
    // The tag_list pass wrote a second version of every tagged task: compact the table, so
    // that a page reads as many heap pages as a database that grew by the app's writes would.
    await sql.unsafe("vacuum full tasks");
    step("tasks compacted");
    for (const { indexdef } of indexes) await sql.unsafe(indexdef);
    step(`${indexes.length} indexes built`);
    await sql.unsafe("vacuum analyze");
    step("vacuum analyze");
    const [check] = await sql.unsafe<{ n: number }[]>(ID_TIME_MISMATCHES_SQL);
    if (check?.n) throw new Error(`seed bug: ${check.n} tasks whose created_at differs from their id's time`);
    await sql`create table bench_dataset (params text primary key, seeded_at timestamptz not null)`;
    const [row] = await sql`insert into bench_dataset values (${params}, to_timestamp(${endMs / 1000})) returning seeded_at`;
    return row!.seeded_at as Date;
  } finally {
    await sql.end();
  }
}

function timer() {
  let last = performance.now();
  return (what: string) => {
    const now = performance.now();
    console.info(`[bench] seed: ${what} in ${((now - last) / 1000).toFixed(1)} s`);
    last = now;
  };
}

/**
 * The app's JWT signing key, stored as Better Auth's JWT plugin does (private key encrypted
 * with the secret), so that the app signs with it and the reference server reads its public
 * half. A key the current secret cannot decrypt is replaced.
 */
async function ensureSigningKey(databaseUrl: string, secret: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const keys = await sql<{ private_key: string }[]>`select private_key from jwks`;
    const readable = await Promise.all(
      keys.map((k) => symmetricDecrypt({ key: secret, data: JSON.parse(k.private_key) }).then(() => true, () => false)),
    );
    if (keys.length > 0 && readable.every(Boolean)) return;
    const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const encrypted = await symmetricEncrypt({ key: secret, data: JSON.stringify(await exportJWK(privateKey)) });
    await sql.begin(async (tx) => {
      await tx`delete from jwks`;
      await tx`insert into jwks (id, public_key, private_key, alg, crv) values (
        ${`bench-${Date.now()}`}, ${JSON.stringify(await exportJWK(publicKey))}, ${JSON.stringify(encrypted)}, 'EdDSA', 'Ed25519')`;
    });
  } finally {
    await sql.end();
  }
}

// Alone: `npx tsx bench/seed.ts` (same env as the bench).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readOptions } = await import("./options");
  const dataset = await ensureDataset(readOptions());
  console.info(`[bench] dataset ${dataset.reused ? "reused" : "seeded"} in ${dataset.seconds.toFixed(1)} s`);
}
