import { expect, test, type Page } from "@playwright/test";
import { linkIn } from "../support/smtp-server";
import { addTaskViaForm, api, json, mailTo, newTaskForm, person, signUp, taskItem, taskList, type TaskJson as OwnTaskJson } from "./helpers";

// Sharing a list, end to end, three people in three browser contexts (no shared cookies):
// Alice shares "Groceries" with Bob, changes his role, then removes him; Carol, never
// invited, is checked at every step to see nothing of it, on the page and through the API.

type ListJson = { id: string; name: string; role: string };
type TaskJson = OwnTaskJson & { listId: string };
const FORBIDDEN = "urn:tasks:problem:forbidden";

const sidebar = (page: Page) => page.getByRole("navigation", { name: "Lists" });
const groceriesLink = (page: Page) => sidebar(page).getByRole("link", { name: /^Groceries/ });
const shareDialog = (page: Page) => page.getByRole("dialog", { name: "Share “Groceries”" });
const row = (page: Page, title: string) => taskList(page).getByRole("listitem").filter({ hasText: title });

/** Shows every list ("All lists") after a fresh load of the page. */
async function openAllLists(page: Page) {
  await page.goto("/");
  await expect(sidebar(page).getByRole("link", { name: /^All lists/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("Loading tasks…")).toHaveCount(0);
}

/** Someone who is not in the list sees nothing of it: not in the sidebar, not among all tasks, not by its id. */
async function seesNothingOf(page: Page, baseURL: string | undefined, listId: string, taskId?: string) {
  await openAllLists(page);
  await expect(groceriesLink(page)).toHaveCount(0);
  await expect(page.getByText("Buy milk")).toHaveCount(0);
  await expect(page.getByText("Groceries")).toHaveCount(0);

  const them = api(page, baseURL);
  const { items: lists } = await json<{ items: ListJson[] }>(await them.get("/api/lists"));
  expect(lists.map((l) => l.name)).toEqual(["Inbox"]);
  const { items: tasks } = await json<{ items: TaskJson[] }>(await them.get("/api/tasks"));
  expect(tasks.filter((t) => t.listId === listId)).toEqual([]);
  expect((await them.get(`/api/lists/${listId}`)).status()).toBe(404);
  expect((await them.get(`/api/lists/${listId}/members`)).status()).toBe(404);
  expect((await them.get(`/api/tasks?listId=${listId}`)).status()).toBe(404);
  expect((await them.post("/api/tasks", { title: "Sneaked in", listId })).status()).toBe(404);
  if (taskId) expect((await them.get(`/api/tasks/${taskId}`)).status()).toBe(404);

  // The list's own address: the same "No such list." as for an id that never existed.
  await page.goto(`/?list=${listId}`);
  const missing = page.getByRole("main").getByRole("alert");
  await expect(missing).toContainText("No such list.");
  await expect(newTaskForm(page)).toHaveCount(0);
  await missing.getByRole("button", { name: "Show all lists" }).click();
  await expect(sidebar(page).getByRole("link", { name: /^All lists/ })).toHaveAttribute("aria-current", "page");
}

test("Alice shares Groceries with Bob, makes him a viewer, removes him; Carol sees nothing throughout", async ({ page, browser, baseURL }) => {
  await signUp(page, "Alice");
  const bob = await person(browser, baseURL, "Bob");
  const carol = await person(browser, baseURL, "Carol");
  try {
    // Alice creates the list from the sidebar: it opens, empty, with every owner's control.
    await sidebar(page).getByRole("button", { name: "New list" }).click();
    const form = page.getByRole("form", { name: "New list" });
    await form.getByLabel("List name").fill("Groceries");
    await form.getByLabel("Colour").selectOption({ label: "Green" });
    await form.getByRole("button", { name: "Create list" }).click();
    await expect(page.getByRole("heading", { name: "Groceries", level: 2, exact: true })).toBeVisible();
    await expect(groceriesLink(page)).toHaveAttribute("aria-current", "page");
    const listId = new URL(page.url()).searchParams.get("list")!;
    expect(listId).toBeTruthy();
    for (const name of ["Rename list", "Share", "Delete list"]) await expect(page.getByRole("button", { name, exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Leave list" })).toHaveCount(0);

    // She invites Bob as an editor.
    await page.getByRole("button", { name: "Share", exact: true }).click();
    const dialog = shareDialog(page);
    await dialog.getByLabel("Email").fill(bob.email);
    await dialog.getByLabel("Role").selectOption("editor");
    await dialog.getByRole("button", { name: "Invite" }).click();
    await expect(dialog.getByRole("status")).toHaveText(`Invited ${bob.email.toLowerCase()} as editor.`);
    await expect(dialog.getByRole("list", { name: "Pending invitations" })).toContainText(bob.email.toLowerCase());
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toHaveCount(0);
    await seesNothingOf(carol.page, baseURL, listId);

    // Bob's invitation waits until he has verified his address (mail goes out on this server).
    await openAllLists(bob.page);
    await expect(bob.page.getByRole("region", { name: "Invitations" })).toContainText("once you have verified your email address");
    const verification = await mailTo(bob.email, "Verify your email address for Tasks");
    await bob.page.goto(linkIn(verification, "/api/auth/verify-email").href);
    await openAllLists(bob.page);

    // Bob accepts: the list shows among those shared with him, with Alice's name, and opens.
    const invitations = bob.page.getByRole("region", { name: /^Invitations/ });
    await expect(invitations).toContainText("Alice invited you to “Groceries” as editor.");
    await invitations.getByRole("button", { name: "Accept the invitation to “Groceries”" }).click();
    await expect(bob.page.getByRole("status")).toHaveText("You joined “Groceries”.");
    const shared = sidebar(bob.page).getByRole("list", { name: "Shared with me" });
    await expect(shared.getByRole("link", { name: /^Groceries/ })).toContainText("Shared by Alice");
    await expect(bob.page.getByRole("heading", { name: "Groceries", level: 2, exact: true })).toBeVisible();

    // As an editor he adds a task, and has no sharing, renaming or deleting of the list.
    await addTaskViaForm(bob.page, "Buy milk");
    await expect(bob.page.getByRole("button", { name: "Leave list" })).toBeVisible();
    for (const name of ["Rename list", "Share", "Delete list"]) await expect(bob.page.getByRole("button", { name, exact: true })).toHaveCount(0);
    const { items: bobsTasks } = await json<{ items: TaskJson[] }>(await api(bob.page, baseURL).get(`/api/tasks?listId=${listId}`));
    const milk = bobsTasks.find((t) => t.title === "Buy milk")!;
    expect(milk).toMatchObject({ listId, completed: false });
    await seesNothingOf(carol.page, baseURL, listId, milk.id);

    // Alice sees Bob's task in the list, and under "All lists" with the list's name.
    await page.reload();
    await expect(taskItem(page, "Buy milk")).toBeVisible();
    await openAllLists(page);
    await expect(taskItem(page, "Buy milk")).toContainText("List: Groceries");
    await expect(sidebar(page).getByRole("link", { name: /^Groceries/ })).toContainText("1 task");

    // Alice makes Bob a viewer.
    await groceriesLink(page).click();
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await shareDialog(page).getByLabel("Role of Bob").selectOption("viewer");
    await expect(shareDialog(page).getByRole("status")).toHaveText("Bob is now viewer.");
    await shareDialog(page).getByRole("button", { name: "Close" }).click();

    // Bob still reads the list, with no control to change it: none on the page, 403 from the API.
    await bob.page.goto(`/?list=${listId}`);
    await expect(row(bob.page, "Buy milk")).toBeVisible();
    await expect(newTaskForm(bob.page)).toHaveCount(0);
    await expect(taskList(bob.page).getByRole("checkbox")).toHaveCount(0);
    await expect(taskList(bob.page).getByRole("button")).toHaveCount(0);
    await expect(taskList(bob.page).getByRole("combobox")).toHaveCount(0);
    await expect(bob.page.getByRole("button", { name: "Clear completed" })).toHaveCount(0);
    await expect(bob.page.getByRole("button", { name: "Leave list" })).toBeVisible();
    await openAllLists(bob.page);
    await expect(row(bob.page, "Buy milk")).toContainText("List: Groceries");
    await expect(row(bob.page, "Buy milk").getByRole("checkbox")).toHaveCount(0);
    await expect(row(bob.page, "Buy milk").getByRole("button")).toHaveCount(0);
    const bobApi = api(bob.page, baseURL);
    for (const refused of [
      await bobApi.patch(`/api/tasks/${milk.id}`, { title: "Buy cream" }),
      await bobApi.patch(`/api/tasks/${milk.id}/complete`, { completed: true }),
      await bobApi.delete(`/api/tasks/${milk.id}`),
      await bobApi.post("/api/tasks", { title: "Buy beer", listId }),
    ]) {
      expect(refused.status()).toBe(403);
      expect((await refused.json()).type).toBe(FORBIDDEN);
    }
    expect(await json<TaskJson>(await api(page, baseURL).get(`/api/tasks/${milk.id}`))).toMatchObject({ title: "Buy milk", completed: false });
    await seesNothingOf(carol.page, baseURL, listId, milk.id);

    // Alice removes Bob.
    await page.reload();
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await shareDialog(page).getByRole("button", { name: "Remove Bob" }).click();
    await shareDialog(page).getByRole("button", { name: "Remove member" }).click();
    await expect(shareDialog(page).getByRole("status")).toHaveText("Removed Bob.");
    await expect(shareDialog(page).getByRole("list", { name: "Members" })).not.toContainText("Bob");
    await shareDialog(page).getByRole("button", { name: "Close" }).click();

    // Bob sees nothing of it any more, exactly as Carol never did; Alice's task is untouched.
    await seesNothingOf(bob.page, baseURL, listId, milk.id);
    await seesNothingOf(carol.page, baseURL, listId, milk.id);
    await page.reload();
    await expect(taskItem(page, "Buy milk")).toBeVisible();
  } finally {
    await bob.context.close();
    await carol.context.close();
  }
});

test("a task moves between lists from its row; a list is renamed, recoloured and deleted from its own header", async ({ page }) => {
  await signUp(page, "Dora");
  await sidebar(page).getByRole("button", { name: "New list" }).click();
  await page.getByRole("form", { name: "New list" }).getByLabel("List name").fill("Work");
  await page.getByRole("button", { name: "Create list" }).click();
  await expect(page.getByRole("heading", { name: "Work", level: 2, exact: true })).toBeVisible();

  // Under "All lists" a new task goes to the Inbox, and says so.
  await sidebar(page).getByRole("link", { name: /^All lists/ }).click();
  await addTaskViaForm(page, "Write the report");
  await expect(taskItem(page, "Write the report")).toContainText("List: Inbox");
  await taskItem(page, "Write the report").getByLabel("Move “Write the report” to list").selectOption({ label: "Work" });
  await expect(page.getByRole("status")).toHaveText("Moved “Write the report” to Work.");
  await expect(taskItem(page, "Write the report")).toContainText("List: Work");
  await expect(sidebar(page).getByRole("link", { name: /^Work/ })).toContainText("1 task");

  // In the Inbox it is gone; in Work it is there.
  await sidebar(page).getByRole("link", { name: /^Inbox/ }).click();
  await expect(page.getByText("No tasks yet")).toBeVisible();
  await expect(page.getByRole("button", { name: "Rename list" })).toHaveCount(0); // the Inbox keeps its name
  await sidebar(page).getByRole("link", { name: /^Work/ }).click();
  await expect(taskItem(page, "Write the report")).toBeVisible();

  await page.getByRole("button", { name: "Rename list" }).click();
  const rename = page.getByRole("form", { name: "Rename “Work”" });
  await rename.getByLabel("List name").fill("Office");
  await rename.getByLabel("Colour").selectOption({ label: "Blue" });
  await rename.getByRole("button", { name: "Save list" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved the list “Office”.");
  await expect(page.getByRole("heading", { name: "Office", level: 2, exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Delete list" }).click();
  await page.getByRole("group", { name: "Delete the list “Office” and its task?" }).getByRole("button", { name: "Delete list" }).click();
  await expect(page.getByRole("status")).toHaveText("Deleted the list “Office”.");
  await expect(sidebar(page).getByRole("link", { name: /^Office/ })).toHaveCount(0);
  await expect(page.getByText("No tasks yet")).toBeVisible();
});
