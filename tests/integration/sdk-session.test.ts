import { describe, expect, it } from "vitest";
import { createTasksClient, type TasksClient } from "@/lib/client";
import { uniqueEmail } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { failure } from "../support/sdk-failure";
import { inboxId } from "../support/inbox";
import { problems } from "../support/problems";

// A whole session through the SDK from Node, the way a script author would write it,
// against the real app (`next start`): sign up, a JWT, then every kind of task call, the
// conditional ones and their typed failures, the sync feed, sign-out and account deletion.

// One tombstone kept per account: the second delete compacts (lib/tasks/tombstones.ts).
const { server } = useAppServer({ env: { SYNC_TOMBSTONES_PER_USER: "1" } });

const ETAG = expect.stringMatching(/^"\d+"$/);
const TIME = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

describe("a session through the SDK", () => {
  const name = "Ada";
  const email = uniqueEmail(name);
  const password = "correct horse battery";
  let account: TasksClient; // the session (cookie) client: sign-up, token, sign-out, deletion
  let api: TasksClient; // the JWT client: every task call
  let owner: { id: string; jwt: string };

  it("signs up and trades the session for a JWT", async () => {
    account = createTasksClient({ baseUrl: server.url });
    const signedUp = await account.auth.signUp({ name, email, password });
    expect(signedUp).toEqual({
      token: expect.any(String),
      user: { id: expect.any(String), name, email, emailVerified: false, image: null, createdAt: TIME, updatedAt: TIME },
    });
    const { token } = await account.auth.token();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const { keys } = await account.auth.jwks();
    expect(keys.map((k) => k.kid)).toContain(server.signingKey.kid);
    api = createTasksClient({ baseUrl: server.url, token });
    owner = { id: signedUp.user.id, jwt: token };
  });

  let plants: Awaited<ReturnType<TasksClient["tasks"]["create"]>>;
  let book: typeof plants;
  let plumber: typeof plants;

  it("creates tasks, with an Idempotency-Key that makes a retry harmless", async () => {
    plants = await api.tasks.create(
      { title: "Water the plants", priority: "high", dueDate: "2099-12-01" },
      { idempotencyKey: "plants-1" },
    );
    expect(plants).toEqual({
      task: {
        id: expect.any(String),
        listId: await inboxId(server, owner),
        title: "Water the plants",
        description: null,
        completed: false,
        priority: "high",
        dueDate: "2099-12-01T00:00:00.000Z",
        createdAt: TIME,
        updatedAt: TIME,
        createdBy: owner.id,
        updatedBy: owner.id,
        tags: [],
        commentCount: 0,
      },
      etag: ETAG,
    });
    const retried = await api.tasks.create(
      { title: "Water the plants", priority: "high", dueDate: "2099-12-01" },
      { idempotencyKey: "plants-1" },
    );
    expect(retried).toEqual(plants);
    book = await api.tasks.create({ title: "Read a book", priority: "low" });
    plumber = await api.tasks.create({ title: "Call the plumber", priority: "high", dueDate: "2099-11-30T17:00:00Z" });
  });

  it("lists with typed filters: a number, an array sent as priority=high, a sort", async () => {
    const page = await api.tasks.list({ limit: 10, priority: ["high"], sort: "dueDate" });
    expect(page).toEqual({ items: [plants.task, plumber.task], nextCursor: null });
    const both = await api.tasks.list({ limit: 10, priority: ["high", "low"], sort: "title", order: "asc" });
    expect(both).toEqual({ items: [plumber.task, book.task, plants.task], nextCursor: null });
    const undated = await api.tasks.list({ hasDueDate: false });
    expect(undated).toEqual({ items: [book.task], nextCursor: null });
  });

  it("refuses bad fields with a typed problem naming each", async () => {
    const error = await failure(api.tasks.create({ title: " " }));
    expect([error.status, error.is("validation-failed")]).toEqual([422, true]);
    expect(error.problem).toEqual(problems.validation([{ path: "title", message: "Must not be empty." }]));
  });

  let updated: typeof plants;

  it("updates with If-Match, and a stale ETag is a typed 412 carrying the current one", async () => {
    updated = await api.tasks.update(plants.task.id, { description: "Twice a week" }, { ifMatch: plants.etag });
    expect(updated).toEqual({
      task: { ...plants.task, description: "Twice a week", updatedAt: TIME },
      etag: ETAG,
    });
    expect(updated.etag).not.toBe(plants.etag);

    const stale = await failure(api.tasks.update(plants.task.id, { title: "Lost update" }, { ifMatch: plants.etag }));
    expect(stale.problem?.type === "urn:tasks:problem:precondition-failed").toBe(true);
    expect([stale.status, stale.etag, stale.authError]).toEqual([412, updated.etag, undefined]);
    expect(stale.problem).toEqual(problems.preconditionFailed);
    expect(await api.tasks.get(plants.task.id)).toEqual(updated);
    expect(await api.tasks.getIfChanged(plants.task.id, updated.etag)).toBeNull();
  });

  let done: typeof plants;

  it("completes, and counts", async () => {
    done = await api.tasks.complete(plants.task.id, { completed: true }, { ifMatch: updated.etag });
    expect(done).toEqual({ task: { ...updated.task, completed: true, updatedAt: TIME }, etag: ETAG });
    expect(await api.tasks.summary({ tz: "Europe/Paris" })).toEqual({ total: 3, pending: 2, completed: 1, overdue: 0, dueToday: 0 });
  });

  let synced: string; // the token after the feed's last page

  it("follows the changes feed through a delete", async () => {
    const feed = await api.tasks.changes();
    // Oldest change first: the plants were changed last.
    expect(feed).toEqual({ tasks: [book.task, plumber.task, done.task], deleted: [], next: expect.any(String), hasMore: false });

    await api.tasks.delete(plants.task.id, { ifMatch: done.etag });
    const gone = await failure(api.tasks.get(plants.task.id));
    expect([gone.status, gone.is("not-found")]).toEqual([404, true]);

    const since = await api.tasks.changes({ since: feed.next, limit: 100 });
    expect(since).toEqual({ tasks: [], deleted: [plants.task.id], next: expect.any(String), hasMore: false });
    synced = since.next;
  });

  it("a token older than the tombstones kept is a typed 410, and a sync from scratch replaces the copy", async () => {
    await api.tasks.delete(plumber.task.id);
    const expired = await failure(api.tasks.changes({ since: synced }));
    expect([expired.status, expired.is("sync-token-expired")]).toEqual([410, true]);
    expect(expired.problem).toEqual(problems.syncTokenExpired);
    expect(await api.tasks.changes()).toEqual({ tasks: [book.task], deleted: [], next: expect.any(String), hasMore: false });
  });

  it("signs out, signs in again, and deletes the account with its tasks", async () => {
    expect(await account.auth.signOut()).toEqual({ success: true });
    const signedOut = await failure(account.auth.token());
    expect(signedOut.status).toBe(401);

    const signedIn = await account.auth.signIn({ email, password });
    expect(signedIn).toMatchObject({ redirect: false, token: expect.any(String), user: { email, name } });
    expect(await account.auth.deleteAccount({ password })).toEqual({ success: true, message: "User deleted" });

    // The JWT is still unexpired, but its user is gone.
    const orphan = await failure(api.tasks.list());
    expect([orphan.status, orphan.problem?.type]).toEqual([401, "urn:tasks:problem:unauthorized"]);
  });
});
