import { expect, test, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { linkIn } from "../support/smtp-server";
import { api, json, mailTo, newTaskForm, person, signUp, taskItem, taskList } from "./helpers";

// Tags, comments, files and history in a shared list, end to end, three people in three
// browser contexts: Alice tags a task and comments on it; Bob, an editor, sees the tags,
// filters by one, replies, uploads a file and completes the task; Alice downloads the file
// and reads the whole story in the task's history, by name; Carol, outside the list, reaches
// none of it by any address, on the page or through the API.

type ListJson = { id: string; name: string };
type TaskJson = { id: string; title: string; listId: string; tags: { name: string }[]; commentCount: number };

const NOT_FOUND = "urn:tasks:problem:not-found";
const NEVER_EXISTED = "0190f3a0-0000-7000-8000-00000000dead";

/** The tasks listed (each row holds lists of its own: its tags). */
const rows = (page: Page) => taskList(page).locator(":scope > li");
const taskPage = (page: Page) => page.getByRole("article", { name: "Plan the picnic" });
const comments = (page: Page) => page.getByRole("list", { name: "Comments" }).getByRole("listitem");
const history = (page: Page) => page.getByRole("list", { name: "History" }).getByRole("listitem");

/** Alice's list "Picnic", with Bob as an editor: invited by the API, verified and accepted as he would. */
async function sharedList(alice: Page, bob: { page: Page; email: string }, baseURL: string | undefined): Promise<ListJson> {
  const list = await json<ListJson>(await api(alice, baseURL).post("/api/lists", { name: "Picnic" }));
  const invitation = await json<{ id: string }>(await api(alice, baseURL).post(`/api/lists/${list.id}/invitations`, { email: bob.email, role: "editor" }));
  await bob.page.goto(linkIn(await mailTo(bob.email, "Verify your email address for Tasks"), "/api/auth/verify-email").href);
  await json(await api(bob.page, baseURL).post(`/api/invitations/${invitation.id}/accept`, {}));
  return list;
}

test("Alice tags and comments, Bob replies and uploads, Alice downloads; the history tells it; Carol reaches none of it", async ({ page, browser, baseURL }) => {
  await signUp(page, "Alice");
  const bob = await person(browser, baseURL, "Bob");
  const carol = await person(browser, baseURL, "Carol");
  try {
    const list = await sharedList(page, bob, baseURL);

    // Alice adds a task with two tags typed into the form (each ends with Enter), and a due date.
    await page.goto(`/?list=${list.id}`);
    const form = newTaskForm(page);
    await form.getByLabel("Title").fill("Plan the picnic");
    await form.getByLabel("Due date").fill("2027-05-03");
    const tagBox = form.getByRole("combobox", { name: /^Tags/ });
    await tagBox.fill("Outdoors");
    await tagBox.press("Enter");
    await tagBox.fill("food");
    await tagBox.press("Enter");
    await tagBox.fill("mistake");
    await tagBox.press("Enter");
    await form.getByRole("button", { name: "Remove tag mistake" }).click();
    await expect(form.getByRole("list", { name: "Chosen tags" }).getByRole("listitem")).toHaveText(["Outdoors×", "food×"]);
    await form.getByRole("button", { name: "Add task" }).click();
    await expect(page.getByRole("status").first()).toHaveText("Added “Plan the picnic”.");
    // The server orders a task's tags by name, ignoring case.
    await expect(taskItem(page, "Plan the picnic").getByRole("list", { name: "Tags" }).getByRole("listitem")).toHaveText(["food", "Outdoors"]);

    // Its own page, from the row's link: she moves the due date and comments.
    await taskItem(page, "Plan the picnic").getByRole("link", { name: "Details of “Plan the picnic”" }).click();
    await expect(taskPage(page)).toBeVisible();
    const taskId = new URL(page.url()).pathname.split("/").at(-1)!;
    await taskPage(page).getByRole("button", { name: "Edit" }).click();
    await taskPage(page).getByLabel("Due date").fill("2027-05-05");
    await taskPage(page).getByRole("button", { name: "Save" }).click();
    await expect(taskPage(page).getByRole("status").first()).toHaveText("Saved “Plan the picnic”.");
    await taskPage(page).getByRole("textbox", { name: "Add a comment" }).fill("Bring the blue blanket.\nAnd the thermos.");
    await taskPage(page).getByRole("button", { name: "Comment", exact: true }).click();
    await expect(comments(page)).toHaveCount(1);
    await expect(comments(page).first()).toContainText("Alice");
    await expect(comments(page).first().locator(".comment__body")).toHaveText("Bring the blue blanket.\nAnd the thermos.");

    // Bob sees the tags on the list, and filters by one of them: the address keeps it.
    await bob.page.goto(`/?list=${list.id}`);
    await expect(taskItem(bob.page, "Plan the picnic").getByRole("list", { name: "Tags" })).toHaveText("foodOutdoors");
    await expect(taskItem(bob.page, "Plan the picnic")).toContainText("1 comment");
    await json(await api(bob.page, baseURL).post("/api/tasks", { title: "Buy charcoal", listId: list.id }));
    await bob.page.reload();
    await expect(rows(bob.page)).toHaveCount(2);
    await bob.page.getByRole("search").getByRole("checkbox", { name: "Outdoors" }).check();
    await expect(rows(bob.page)).toHaveCount(1);
    await expect(taskItem(bob.page, "Plan the picnic")).toBeVisible();
    expect(new URL(bob.page.url()).searchParams.get("tag")).toBe("Outdoors");

    // He replies, uploads a file (watching its progress), and completes the task.
    await taskItem(bob.page, "Plan the picnic").getByRole("link", { name: "Details of “Plan the picnic”" }).click();
    await expect(taskPage(bob.page)).toBeVisible();
    await expect(comments(bob.page).first()).toContainText("Bring the blue blanket.");
    await expect(comments(bob.page).first().getByRole("button")).toHaveCount(0); // not his to edit or delete
    await taskPage(bob.page).getByRole("textbox", { name: "Add a comment" }).fill("I will bring the ball.");
    await taskPage(bob.page).getByRole("button", { name: "Comment", exact: true }).click();
    await expect(comments(bob.page)).toHaveCount(2);
    await expect(comments(bob.page).nth(1)).toContainText("Bob");
    await expect(comments(bob.page).nth(1).getByRole("button", { name: "Edit comment by Bob" })).toBeVisible();

    // The upload goes by XMLHttpRequest (the one browser API that reports a body's progress)
    // and the progress bar moves: every value it shows is recorded as the page draws it.
    await bob.page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector("progress");
        if (bar) seen.push(Number(bar.value));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const content = Buffer.alloc(3 * 1024 * 1024, "route: north gate, then the lake\n");
    const uploadRequest = bob.page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith(`/api/tasks/${taskId}/attachments`));
    await taskPage(bob.page).getByLabel("Attach a file").setInputFiles({ name: "picnic-route.txt", mimeType: "text/plain", buffer: content });
    expect((await uploadRequest).resourceType()).toBe("xhr");
    await expect(taskPage(bob.page).getByRole("status").filter({ hasText: "Uploaded" })).toHaveText("Uploaded “picnic-route.txt”.");
    const progressSeen = await bob.page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(progressSeen.length).toBeGreaterThan(0);
    expect(Math.max(...progressSeen)).toBe(100);
    const file = taskPage(bob.page).getByRole("list", { name: "Files" }).getByRole("listitem");
    await expect(file).toHaveCount(1);
    await expect(file).toContainText("picnic-route.txt");
    await expect(file).toContainText("3.0 MB · Bob");
    await taskPage(bob.page).getByRole("button", { name: "Mark as done" }).click();
    await expect(taskPage(bob.page).getByRole("status").first()).toHaveText("Marked “Plan the picnic” as done.");

    // Alice downloads Bob's file: the bytes he sent, under its name.
    await page.reload();
    await expect(comments(page)).toHaveCount(2);
    await expect(comments(page).nth(1)).toContainText("I will bring the ball.");
    // Alice is the list's owner: she may delete Bob's comment, not edit it.
    await expect(comments(page).nth(1).getByRole("button", { name: "Delete comment by Bob" })).toBeVisible();
    await expect(comments(page).nth(1).getByRole("button", { name: "Edit comment by Bob" })).toHaveCount(0);
    const downloading = page.waitForEvent("download");
    await taskPage(page).getByRole("link", { name: "picnic-route.txt" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("picnic-route.txt");
    expect((await readFile((await download.path())!)).equals(content)).toBe(true);

    // The history, newest first, tells all of it with the right names.
    await expect(history(page)).toHaveText([
      /^Bob completed this, just now$/,
      /^Bob commented, just now$/,
      /^Alice commented, just now$/,
      /^Alice changed the due date from May 3, 2027 to May 5, 2027, just now$/,
      /^Alice added the tags “food” and “Outdoors”, just now$/,
      /^Alice created this, just now$/,
    ]);
    const saved = await json<TaskJson>(await api(page, baseURL).get(`/api/tasks/${taskId}`));
    expect(saved).toMatchObject({ listId: list.id, commentCount: 2, tags: [{ name: "food" }, { name: "Outdoors" }] });

    // Carol, in no list of Alice's: the task's page is the "not found" of a task that never was.
    await carol.page.goto(`/tasks/${taskId}`);
    await expect(carol.page.getByRole("heading", { name: "Task not found" })).toBeVisible();
    await expect(carol.page.getByText("Plan the picnic")).toHaveCount(0);
    await carol.page.goto(`/tasks/${NEVER_EXISTED}`);
    await expect(carol.page.getByRole("heading", { name: "Task not found" })).toBeVisible();

    // Every address of it, through the API: the same 404 as for what does not exist.
    const { items: files } = await json<{ items: { id: string }[] }>(await api(page, baseURL).get(`/api/tasks/${taskId}/attachments`));
    const { items: said } = await json<{ items: { id: string }[] }>(await api(page, baseURL).get(`/api/tasks/${taskId}/comments`));
    const { items: tags } = await json<{ items: { id: string }[] }>(await api(page, baseURL).get(`/api/lists/${list.id}/tags`));
    const them = api(carol.page, baseURL);
    const missingTask = await (await them.get(`/api/tasks/${NEVER_EXISTED}`)).json();
    for (const response of [
      await them.get(`/api/tasks/${taskId}`),
      await them.get(`/api/tasks/${taskId}/comments`),
      await them.post(`/api/tasks/${taskId}/comments`, { body: "me too" }),
      await them.patch(`/api/tasks/${taskId}/comments/${said[0]!.id}`, { body: "mine now" }),
      await them.delete(`/api/tasks/${taskId}/comments/${said[0]!.id}`),
      await them.get(`/api/tasks/${taskId}/history`),
      await them.get(`/api/tasks/${taskId}/attachments`),
      await them.get(`/api/tasks/${taskId}/attachments/${files[0]!.id}`),
      await them.delete(`/api/tasks/${taskId}/attachments/${files[0]!.id}`),
    ]) {
      expect([response.status(), await response.json()]).toEqual([404, missingTask]);
    }
    const missingList = await (await them.get(`/api/lists/${NEVER_EXISTED}`)).json();
    for (const response of [
      await them.get(`/api/lists/${list.id}/tags`),
      await them.patch(`/api/lists/${list.id}/tags/${tags[0]!.id}`, { name: "mine" }),
      await them.get(`/api/lists/${list.id}/activity`),
    ]) {
      expect([response.status(), await response.json()]).toEqual([404, missingList]);
    }
    expect(missingTask.type).toBe(NOT_FOUND);
    const { items: carolsTasks } = await json<{ items: TaskJson[] }>(await them.get("/api/tasks?tag=Outdoors"));
    expect(carolsTasks).toEqual([]);

    // And nothing of hers changed anything: the comments, the file and the tags are as they were.
    expect(await json<TaskJson>(await api(page, baseURL).get(`/api/tasks/${taskId}`))).toEqual(saved);
  } finally {
    await bob.context.close();
    await carol.context.close();
  }
});

test("a tag filter with several tags: any of them, or all of them; Clear filters lets go", async ({ page, baseURL }) => {
  await signUp(page, "Dora");
  const me = api(page, baseURL);
  for (const [title, tags] of [
    ["Pay rent", ["home", "money"]],
    ["Water plants", ["home"]],
    ["File taxes", ["money"]],
    ["Call mum", []],
  ] as const) {
    await json(await me.post("/api/tasks", { title, tags }));
  }
  await page.goto("/");
  const filters = page.getByRole("search");
  await filters.getByRole("checkbox", { name: "home" }).check();
  await expect(rows(page)).toHaveCount(2);
  await filters.getByRole("checkbox", { name: "money" }).check();
  await expect(rows(page)).toHaveCount(3);
  await filters.getByLabel("Tasks with").selectOption("all");
  await expect(rows(page)).toHaveCount(1);
  await expect(taskItem(page, "Pay rent")).toBeVisible();
  expect(new URL(page.url()).search).toBe("?tag=home%2Cmoney&tagMode=all");

  // A reload shows the same filter; Back goes to "any".
  await page.reload();
  await expect(rows(page)).toHaveCount(1);
  await expect(filters.getByLabel("Tasks with")).toHaveValue("all");
  await page.goBack();
  await expect(rows(page)).toHaveCount(3);

  // Unticking a task's tag while filtered by it takes it off the list at once.
  await filters.getByRole("checkbox", { name: "money" }).uncheck();
  await expect(rows(page)).toHaveCount(2);
  await taskItem(page, "Water plants").getByRole("button", { name: "Edit “Water plants”" }).click();
  await page.getByRole("button", { name: "Remove tag home" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").first()).toHaveText("Saved “Water plants”. It does not match the filters.");
  await expect(rows(page)).toHaveCount(1);

  // A tag that matches nothing: the empty state offers to clear the filters.
  await page.goto("/?tag=nowhere");
  await expect(page.getByText("No tasks match these filters")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(rows(page)).toHaveCount(4);
  expect(new URL(page.url()).search).toBe("");
});

test("on a task's page: a viewer reads and has no controls; an author edits and deletes their comment; a file past the limit is refused, nothing stored; the task is deleted from it", async ({ page, browser, baseURL }) => {
  await signUp(page, "Erin");
  const frank = await person(browser, baseURL, "Frank");
  try {
    const me = api(page, baseURL);
    const list = await json<ListJson>(await me.post("/api/lists", { name: "Garden" }));
    const invitation = await json<{ id: string }>(await me.post(`/api/lists/${list.id}/invitations`, { email: frank.email, role: "viewer" }));
    await frank.page.goto(linkIn(await mailTo(frank.email, "Verify your email address for Tasks"), "/api/auth/verify-email").href);
    await json(await api(frank.page, baseURL).post(`/api/invitations/${invitation.id}/accept`, {}));
    const task = await json<TaskJson>(await me.post("/api/tasks", { title: "Prune the roses", listId: list.id, tags: ["weekend"] }));
    const article = (p: Page) => p.getByRole("article", { name: "Prune the roses" });

    // Erin comments, edits it (it says "edited"), then deletes it after a confirm step.
    await page.goto(`/tasks/${task.id}`);
    await article(page).getByRole("textbox", { name: "Add a comment" }).fill("Use the sharp shears.");
    await article(page).getByRole("textbox", { name: "Add a comment" }).press("Control+Enter");
    await expect(comments(page)).toHaveCount(1);
    await comments(page).first().getByRole("button", { name: "Edit comment by Erin" }).click();
    await comments(page).first().getByRole("textbox", { name: "Edit your comment" }).fill("Use the sharp shears, and gloves.");
    await comments(page).first().getByRole("button", { name: "Save" }).click();
    await expect(comments(page).first()).toContainText("Use the sharp shears, and gloves.");
    await expect(comments(page).first()).toContainText("(edited)");
    const edited = await json<{ items: { body: string; editedAt: string | null }[] }>(await me.get(`/api/tasks/${task.id}/comments`));
    expect(edited.items).toMatchObject([{ body: "Use the sharp shears, and gloves.", editedAt: expect.any(String) }]);

    // An empty comment is the server's 422, shown beside the box; nothing is added.
    await article(page).getByRole("button", { name: "Comment", exact: true }).click();
    await expect(article(page).getByRole("textbox", { name: "Add a comment" })).toHaveAccessibleDescription("Must not be empty.");
    await expect(comments(page)).toHaveCount(1);

    // A file one byte past ATTACHMENT_MAX_BYTES (10 MiB): the server's 413, said on the page; nothing stored.
    await article(page).getByLabel("Attach a file").setInputFiles({ name: "huge.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });
    await expect(article(page).getByRole("alert")).toHaveText("Could not upload “huge.bin”: Attachments are limited to 10485760 bytes.");
    expect(await json(await me.get(`/api/tasks/${task.id}/attachments`))).toEqual({ items: [] });
    await article(page).getByLabel("Attach a file").setInputFiles({ name: "roses.txt", mimeType: "text/plain", buffer: Buffer.from("cut above an outward bud") });
    await expect(article(page).getByRole("list", { name: "Files" }).getByRole("listitem")).toContainText("roses.txt");

    // Frank, a viewer, reads all of it and is offered nothing that would be refused.
    await frank.page.goto(`/tasks/${task.id}`);
    await expect(article(frank.page).getByRole("list", { name: "Tags" })).toHaveText("weekend");
    await expect(comments(frank.page)).toHaveCount(1);
    await expect(article(frank.page).getByRole("list", { name: "Files" }).getByRole("link", { name: "roses.txt" })).toBeVisible();
    await expect(history(frank.page).first()).toContainText("Erin commented");
    for (const control of ["Edit", "Mark as done", "Comment", "Delete", "Delete task"]) {
      await expect(article(frank.page).getByRole("button", { name: control, exact: true })).toHaveCount(0);
    }
    await expect(article(frank.page).getByRole("textbox")).toHaveCount(0);
    await expect(article(frank.page).getByLabel("Attach a file")).toHaveCount(0);

    // Erin deletes her comment: gone for both.
    await comments(page).first().getByRole("button", { name: "Delete comment by Erin" }).click();
    await comments(page).first().getByRole("button", { name: "Delete comment" }).click();
    await expect(page.getByText("No comments yet.")).toBeVisible();
    await frank.page.reload();
    await expect(frank.page.getByText("No comments yet.")).toBeVisible();

    // Erin deletes the task from its page, after a confirm step: back to its list, without it;
    // its address is now the "not found" of any missing task, for both of them.
    await article(page).getByRole("button", { name: "Delete task" }).click();
    await article(page).getByRole("button", { name: "Delete task" }).click();
    await expect(page.getByRole("heading", { name: "Garden", level: 2, exact: true })).toBeVisible();
    expect(new URL(page.url()).searchParams.get("list")).toBe(list.id);
    await expect(page.getByText("No tasks yet")).toBeVisible();
    for (const p of [page, frank.page]) {
      await p.goto(`/tasks/${task.id}`);
      await expect(p.getByRole("heading", { name: "Task not found" })).toBeVisible();
    }
  } finally {
    await frank.context.close();
  }
});
