import postgres from "postgres";
import { call } from "./api-client";
import type { AppServer } from "./app-server";

// The id of a user's Inbox (every account has one, made with the account by migration
// 0008's trigger), for whole-body assertions on tasks: a task created without a listId is
// in it. On PostgreSQL it is read from the database itself, a source independent of the
// task JSON under test. PGlite's files belong to the server process alone, so there it is
// read back from the user's tasks (GET /api/tasks), which must then exist and all be in
// one list; the PostgreSQL run is the one that checks that list against the database.

export type Owner = { id: string; jwt: string };

const known = new Map<string, string>();

export async function inboxId(server: AppServer, owner: Owner): Promise<string> {
  const key = `${server.url} ${owner.id}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const id = server.db.databaseUrl ? await inboxFromDatabase(server.db.databaseUrl, owner.id) : await inboxFromTasks(server, owner);
  known.set(key, id);
  return id;
}

async function inboxFromDatabase(databaseUrl: string, userId: string): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ id: string }[]>`select id from lists where owner_id = ${userId} and is_inbox and name = 'Inbox'`;
    if (rows.length !== 1) throw new Error(`inboxId: user ${userId} has ${rows.length} Inboxes, not one.`);
    return rows[0]!.id;
  } finally {
    await sql.end();
  }
}

async function inboxFromTasks(server: AppServer, owner: Owner): Promise<string> {
  const res = await call(server, "GET", "/api/tasks?limit=100", { headers: { authorization: `Bearer ${owner.jwt}` } });
  if (res.status !== 200) throw new Error(`inboxId: GET /api/tasks answered ${res.status}: ${res.text}`);
  const listIds = new Set((res.body.items as { listId: string }[]).map((task) => task.listId));
  if (listIds.size !== 1) {
    throw new Error(`inboxId: on PGlite the Inbox is read from the user's tasks, which must all be in one list (found ${listIds.size}).`);
  }
  return [...listIds][0]!;
}
