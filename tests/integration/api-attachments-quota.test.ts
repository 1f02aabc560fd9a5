import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { call, createTask, signUp, type TestUser } from "../support/api-client";
import { attachmentsPath, download, fileForm, startInspectableServer, STORAGE_AUDIT_SQL, upload, type InspectableServer, type StorageAudit } from "../support/attachments";
import { problems } from "../support/problems";
import { createList, share } from "../support/sharing";

// The bounds on attachments, on a server with small ones: ATTACHMENT_QUOTA_BYTES counted on
// the list's owner (whoever uploads), ATTACHMENTS_PER_TASK, ATTACHMENT_MAX_BYTES; and a
// task moved to another owner's list, which takes its bytes to that owner's quota (refused
// past it) while its attachments follow it.

const QUOTA = 1000;
const PER_TASK = 2;
const MAX = 600;

let inspectable: InspectableServer;
let alice: TestUser, bob: TestUser;
const srv = () => inspectable.server;
const jwt = (user: TestUser) => ({ user, via: "jwt" as const });

beforeAll(async () => {
  inspectable = await startInspectableServer({
    env: { ATTACHMENT_QUOTA_BYTES: String(QUOTA), ATTACHMENTS_PER_TASK: String(PER_TASK), ATTACHMENT_MAX_BYTES: String(MAX) },
  });
  [alice, bob] = await Promise.all([signUp(srv(), "Alice"), signUp(srv(), "Bob")]);
});
afterAll(() => inspectable?.stop());

const send = (taskId: string, bytes: number, as: TestUser) => upload(srv(), taskId, fileForm(randomBytes(bytes), "f.bin", "application/octet-stream"), jwt(as));
const listed = async (taskId: string, as: TestUser) => (await call(srv(), "GET", attachmentsPath(taskId), { as: jwt(as) })).body.items as { id: string; size: number }[];

/** Counters agree with the rows, and every attachment is in its task's list, on its owner. */
async function expectConsistent() {
  const [audit, strays] = await inspectable.inspect(async (db) => [
    rowsOf<StorageAudit>(await db.execute(sql.raw(STORAGE_AUDIT_SQL)))[0]!,
    rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::integer as n from attachments a join tasks t on t.id = a.task_id where a.list_id <> t.list_id or a.owner_id <> t.user_id`),
    )[0]!.n,
  ] as const);
  expect({ ...audit, strays }).toEqual({ attachments: audit.attachments, orphanChunks: 0, listedForRemoval: 0, counterMismatches: 0, strays: 0 });
}

describe("attachment bounds", () => {
  it("counts every upload to a list on its owner's quota, bounds each task, and frees the room on delete", async () => {
    const list = await createList(srv(), alice, { name: "Quota" });
    await share(srv(), alice, list.id, bob, "editor");
    const [a, b] = [await createTask(srv(), alice, { title: "A", listId: list.id }), await createTask(srv(), alice, { title: "B", listId: list.id })];
    expect((await send(a.id, 400, alice)).status).toBe(201);
    expect((await send(b.id, 400, bob)).status).toBe(201);
    // Bob uploads to Alice's list: Alice's quota, 800 of 1000 used.
    expect((await send(b.id, 300, bob)).body).toEqual(problems.attachments.quotaReached(QUOTA));
    expect((await send(a.id, 300, alice)).body).toEqual(problems.attachments.quotaReached(QUOTA));
    // Bob's own Inbox is his own quota.
    const own = await createTask(srv(), bob, { title: "Bob's" });
    expect((await send(own.id, 500, bob)).status).toBe(201);
    expect((await send(a.id, 200, bob)).status).toBe(201); // exactly 1000
    expect((await send(b.id, 1, alice)).body).toEqual(problems.attachments.quotaReached(QUOTA));
    const erin = await signUp(srv(), "Erin");
    const erins = await createTask(srv(), erin, { title: "Erin's" });
    expect((await send(erins.id, MAX + 1, erin)).body).toEqual(problems.attachments.tooLarge(MAX));
    expect((await send(erins.id, MAX, erin)).status).toBe(201);
    // A task holds PER_TASK attachments at most, whatever the quota says.
    const gone = (await listed(a.id, alice))[0]!;
    expect((await call(srv(), "DELETE", `${attachmentsPath(a.id)}/${gone.id}`, { as: jwt(bob) })).status).toBe(204);
    expect((await send(a.id, 10, alice)).status).toBe(201);
    expect((await send(a.id, 10, alice)).body).toEqual(problems.attachments.perTaskReached(PER_TASK));
    expect((await listed(a.id, alice)).map((x) => x.size)).toEqual([200, 10]);
    await expectConsistent();
  });

  it("moves a task's bytes to the new owner's quota with the task, refused past it; its files stay readable", async () => {
    const [carol, dave] = await Promise.all([signUp(srv(), "Carol"), signUp(srv(), "Dave")]);
    const davesList = await createList(srv(), dave, { name: "Dave's" });
    await share(srv(), dave, davesList.id, carol, "editor");
    const task = await createTask(srv(), carol, { title: "Moving" });
    expect((await send(task.id, 300, carol)).status).toBe(201);
    expect((await send(task.id, 300, carol)).status).toBe(201);
    const daves = await createTask(srv(), dave, { title: "Dave's own" });
    expect((await send(daves.id, 500, dave)).status).toBe(201);
    // 500 + 600 > 1000: refused, nothing moves.
    const refused = await call(srv(), "PATCH", `/api/tasks/${task.id}`, { as: jwt(carol), json: { listId: davesList.id } });
    expect(refused.body).toEqual({
      type: "urn:tasks:problem:storage-quota-reached",
      title: "Storage quota reached",
      status: 422,
      detail: `The owner of that list would pass their storage quota of ${QUOTA} bytes with this task's attachments.`,
    });
    const davesFile = (await listed(daves.id, dave))[0]!;
    expect((await call(srv(), "DELETE", `${attachmentsPath(daves.id)}/${davesFile.id}`, { as: jwt(dave) })).status).toBe(204);
    const moved = await call(srv(), "PATCH", `/api/tasks/${task.id}`, { as: jwt(carol), json: { listId: davesList.id } });
    expect(moved.status).toBe(200);
    const files = await listed(task.id, dave);
    expect(files.map((f) => f.size)).toEqual([300, 300]);
    expect((await download(srv(), task.id, files[0]!.id, { user: dave, via: "jwt" })).status).toBe(200);
    // Carol's quota is free again; Dave's holds the 600.
    const carols = await createTask(srv(), carol, { title: "Carol's next" });
    expect((await send(carols.id, MAX, carol)).status).toBe(201);
    expect((await send(daves.id, 401, dave)).body).toEqual(problems.attachments.quotaReached(QUOTA));
    // A transfer takes the list's bytes to the new owner too (no quota check: the owner chose it).
    expect((await call(srv(), "POST", `/api/lists/${davesList.id}/transfer`, { as: jwt(dave), json: { userId: carol.id } })).status).toBe(200);
    await expectConsistent();
  });
});
