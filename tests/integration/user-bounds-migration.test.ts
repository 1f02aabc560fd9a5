import { rm } from "node:fs/promises";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { sessions, users } from "@/db/schema";
import { codeOf } from "@/lib/errors";
import { migrateTo, migrationsUpTo } from "../support/migrations";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// Migration 0006 on a database written before it: every image, User-Agent and IP address
// is brought within the new bounds (nothing else changes), and then the database itself
// refuses values outside them, whatever writes them.

let db: TestDatabase;
let handle: DatabaseHandle;
let folder: string;

const longestImage = `https://example.com/${"a".repeat(2048 - "https://example.com/".length)}`;
const oldImages = {
  kept: longestImage,
  script: "javascript:alert(1)",
  data: "data:image/png;base64,AAAA",
  tooLong: `${longestImage}a`,
  plain: "http://example.com/me.png",
  none: null,
};

beforeAll(async () => {
  db = await createTestDatabase();
  handle = openDatabase(db);
  folder = await migrationsUpTo("0005_title_key");
  await migrateTo(handle, db, folder);
  await handle.db.insert(users).values(
    Object.entries(oldImages).map(([id, image]) => ({ id, email: `${id}@example.com`, name: id, image })),
  );
  const session = (id: string, userAgent: string, ipAddress: string) => ({
    id,
    token: `token-${id}`,
    userId: "kept",
    expiresAt: new Date(Date.now() + 86_400_000),
    userAgent,
    ipAddress,
  });
  await handle.db.insert(sessions).values([session("long", "U".repeat(20_000), "x".repeat(100)), session("short", "Agent/1.0", "2001:db8::1")]);
  await migrateDatabase(handle, db);
});
afterAll(async () => {
  await handle?.close();
  await db?.drop();
  await rm(folder, { recursive: true, force: true });
});

describe("migration 0006 on existing rows", () => {
  it("keeps https images within the bounds and drops the rest", async () => {
    const rows = await handle.db.select({ id: users.id, image: users.image, name: users.name }).from(users);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.image]))).toEqual({
      kept: longestImage,
      script: null,
      data: null,
      tooLong: null,
      plain: null,
      none: null,
    });
    expect(rows.every((r) => r.name === r.id)).toBe(true);
  });

  it("cuts long User-Agents as the server does and forgets impossible IP addresses", async () => {
    const rows = await handle.db.select({ id: sessions.id, userAgent: sessions.userAgent, ipAddress: sessions.ipAddress }).from(sessions);
    expect(rows.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: "long", userAgent: "U".repeat(512), ipAddress: null },
      { id: "short", userAgent: "Agent/1.0", ipAddress: "2001:db8::1" },
    ]);
  });
});

describe("the database holds the bounds itself", () => {
  const refused = async (write: () => Promise<unknown>) => {
    const error = await write().then(() => undefined, (e: unknown) => e);
    expect(codeOf(error)).toBe("23514"); // check_violation
  };

  it.each([["javascript:alert(1)"], ["data:,x"], ["http://example.com/a.png"], [`${longestImage}a`], ["https://example.com/a b"], ["https://exämple.com/"]])(
    "refuses the image %s",
    async (image) => {
      await refused(() => handle.db.update(users).set({ image }).where(eq(users.id, "kept")));
    },
  );

  it("refuses a User-Agent over 512 and an IP address over 64 characters", async () => {
    await refused(() => handle.db.update(sessions).set({ userAgent: "u".repeat(513) }).where(eq(sessions.id, "short")));
    await refused(() => handle.db.update(sessions).set({ ipAddress: "1".repeat(65) }).where(eq(sessions.id, "short")));
    await handle.db.update(sessions).set({ userAgent: "u".repeat(512), ipAddress: "1".repeat(64) }).where(eq(sessions.id, "short"));
    const rows = rowsOf<{ ua: number }>(await handle.db.execute(sql`select char_length(user_agent) as ua from sessions where id = 'short'`));
    expect(rows.map((r) => Number(r.ua))).toEqual([512]);
  });
});
