import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";

/**
 * A clean database for one test file or server: a fresh PostgreSQL database on the
 * server named by DATABASE_URL when it is set, else a fresh folder for PGlite.
 * `drop()` removes it again.
 */
export type TestDatabase = { databaseUrl?: string; dataDir: string; drop(): Promise<void> };

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1", ""]);

// Creating and dropping databases is destructive: only ever against this machine's server.
function adminUrl(databaseUrl: string): URL {
  const url = new URL(databaseUrl);
  if (!LOCAL_HOSTS.has(url.hostname)) {
    throw new Error(`Refusing to create test databases on ${url.hostname}: tests only run against a local PostgreSQL.`);
  }
  return url;
}

/**
 * PostgreSQL only: the new database's own locale instead of the server's default, from
 * template0 (the only template that may change it). A libc locale names both collation and
 * ctype; an ICU one (PostgreSQL 15+) a language tag such as "en-US".
 */
export type DatabaseLocale = { libc: string } | { icu: string };

function localeClause(locale: DatabaseLocale | undefined): string {
  if (!locale) return "";
  const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
  if ("icu" in locale) return ` template template0 locale_provider icu icu_locale ${literal(locale.icu)}`;
  return ` template template0 lc_collate ${literal(locale.libc)} lc_ctype ${literal(locale.libc)}`;
}

export async function createTestDatabase(locale?: DatabaseLocale): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tasks-test-"));
  const base = process.env.DATABASE_URL;
  if (!base) {
    if (locale) throw new Error("A database locale needs PostgreSQL: PGlite has one database, made by its own initdb.");
    return { dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const url = adminUrl(base);
  const name = `tasks_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}${localeClause(locale)}`);
  } finally {
    await admin.end();
  }
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    databaseUrl: own.toString(),
    dataDir,
    async drop() {
      const cleanup = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
