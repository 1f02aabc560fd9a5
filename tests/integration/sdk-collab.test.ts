import { describe, expect, it } from "vitest";
import { createTasksClient, type TasksClient } from "@/lib/client";
import { useAppServer } from "../support/app-fixture";
import { failure } from "../support/sdk-failure";
import { createList, ISO, share, UUID } from "../support/sharing";

// Tags, comments, history, activity and attachments through the SDK from Node, against the
// real app: what each method sends and gives back, whole bodies, and the typed failures a
// viewer (403) and a stranger (404) meet. Node has no XMLHttpRequest, so here `onProgress` gets
// its one final call; the browser's path (upload events) is tested by
// tests/e2e/collaboration.spec.ts, through the UI's progress bar.

const { server, users } = useAppServer({ users: ["Alice", "Bob", "Carol"] });

describe("what hangs off a task, through the SDK", () => {
  let alice: TasksClient;
  let bob: TasksClient; // a viewer of Alice's list
  let carol: TasksClient; // never a member
  let listId: string;
  let taskId: string;

  it("sets up a list shared with a viewer and one task", async () => {
    alice = createTasksClient({ baseUrl: server.url, token: users.Alice.jwt });
    bob = createTasksClient({ baseUrl: server.url, token: users.Bob.jwt });
    carol = createTasksClient({ baseUrl: server.url, token: users.Carol.jwt });
    listId = (await createList(server, users.Alice, { name: "Home" })).id;
    await share(server, users.Alice, listId, users.Bob, "viewer");
    taskId = (await alice.tasks.create({ title: "Paint the fence", listId, tags: ["outside"] })).task.id;
  });

  it("tags: create, list, rename, delete; a viewer is refused, a stranger finds nothing", async () => {
    const made = await alice.tags.create(listId, { name: "Weekend", color: "green" });
    expect(made).toEqual({ id: UUID, name: "Weekend", color: "green", taskCount: 0 });
    const outside = { id: UUID, name: "outside", color: null, taskCount: 1 };
    expect(await bob.tags.list(listId)).toEqual({ items: [outside, made] });
    expect((await failure(bob.tags.create(listId, { name: "mine" }))).is("forbidden")).toBe(true);
    expect((await failure(carol.tags.list(listId))).status).toBe(404);
    expect(await alice.tags.update(listId, made.id, { name: "Saturday" })).toEqual({ ...made, name: "Saturday" });
    await alice.tags.delete(listId, made.id);
    expect((await alice.tags.list(listId)).items.map((t) => t.name)).toEqual(["outside"]);
  });

  let commentId: string;

  it("comments: add, page, edit, delete; the task counts them", async () => {
    const added = await alice.comments.add(taskId, "Buy the paint first.\nWhite.");
    expect(added).toEqual({
      id: UUID,
      taskId,
      body: "Buy the paint first.\nWhite.",
      author: { id: users.Alice.id, name: users.Alice.name },
      createdAt: ISO,
      editedAt: null,
    });
    commentId = added.id;
    const second = await alice.comments.add(taskId, "Done by Sunday?");
    const first = await bob.comments.list(taskId, { limit: 1 });
    expect(first).toEqual({ items: [added], nextCursor: expect.any(String) });
    expect(await bob.comments.list(taskId, { limit: 1, cursor: first.nextCursor! })).toEqual({ items: [second], nextCursor: null });
    expect((await alice.tasks.get(taskId)).task.commentCount).toBe(2);
    expect((await failure(bob.comments.add(taskId, "me too"))).status).toBe(403);
    expect((await failure(carol.comments.list(taskId))).status).toBe(404);
    const edited = await alice.comments.edit(taskId, commentId, "Buy white paint first.");
    expect(edited).toEqual({ ...added, body: "Buy white paint first.", editedAt: ISO });
    await alice.comments.delete(taskId, second.id);
    expect((await alice.comments.list(taskId)).items).toEqual([edited]);
  });

  it("history and activity, newest first; activity is the admins' and the owner's", async () => {
    await alice.tasks.update(taskId, { priority: "high" });
    const history = await bob.history.ofTask(taskId, { limit: 2 });
    const actor = { id: users.Alice.id, name: users.Alice.name };
    expect(history.items).toEqual([
      { id: expect.any(String), action: "updated", actor, at: ISO, changes: { priority: { from: null, to: "high" } } },
      { id: expect.any(String), action: "commented", actor, at: ISO, changes: null },
    ]);
    expect(history.nextCursor).toEqual(expect.any(String));
    const activity = await alice.history.ofList(listId, { limit: 1 });
    expect(activity.items[0]).toMatchObject({ action: "updated", actor, changes: { priority: { from: null, to: "high" } } });
    expect((await failure(bob.history.ofList(listId))).is("forbidden")).toBe(true);
    expect((await failure(carol.history.ofTask(taskId))).status).toBe(404);
  });

  it("attachments: upload (progress once, at the end), list, download the same bytes, delete", async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    const progress: { sent: number; total: number }[] = [];
    const file = new File([bytes], "fence plan.pdf", { type: "application/pdf" });
    const uploaded = await alice.attachments.upload(taskId, file, { onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([{ sent: 70_000, total: 70_000 }]);
    expect(uploaded).toEqual({
      id: UUID,
      taskId,
      fileName: "fence plan.pdf",
      contentType: "application/pdf",
      size: 70_000,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      uploadedBy: { id: users.Alice.id, name: users.Alice.name },
      createdAt: ISO,
    });
    const renamed = await alice.attachments.upload(taskId, new Blob(["hi"], { type: "text/plain" }), { fileName: "note.txt" });
    expect(renamed).toMatchObject({ fileName: "note.txt", contentType: "text/plain", size: 2 });
    expect(await bob.attachments.list(taskId)).toEqual({ items: [uploaded, renamed] });
    const downloaded = await bob.attachments.download(taskId, uploaded.id);
    expect(downloaded.type).toBe("application/pdf");
    expect(new Uint8Array(await downloaded.arrayBuffer())).toEqual(bytes);
    expect(alice.attachments.downloadUrl(taskId, uploaded.id)).toBe(`${server.url}/api/tasks/${taskId}/attachments/${uploaded.id}`);
    expect((await failure(bob.attachments.upload(taskId, file))).status).toBe(403);
    expect((await failure(carol.attachments.download(taskId, uploaded.id))).status).toBe(404);
    await alice.attachments.delete(taskId, renamed.id);
    expect((await alice.attachments.list(taskId)).items).toEqual([uploaded]);
  });
});
