import { expect, test } from "@playwright/test";
import { addTaskViaForm, api, newTaskForm, PASSWORD, signUp, taskItem, taskList } from "./helpers";

test("a person signs up, adds, edits, completes, filters and deletes tasks, then signs out", async ({ page, baseURL }) => {
  const { email } = await signUp(page, "Alice");
  await expect(page.getByText("No tasks yet")).toBeVisible();

  // Add a task with every field.
  const form = newTaskForm(page);
  await form.getByLabel("Title").fill("Buy oat milk");
  await form.getByLabel("Description").fill("Two cartons, unsweetened");
  await form.getByLabel("Priority").selectOption({ label: "High" });
  await form.getByLabel("Due date").fill("2030-05-01");
  await form.getByRole("button", { name: "Add task" }).click();

  const milk = taskItem(page, "Buy oat milk");
  await expect(milk).toBeVisible();
  await expect(milk).toContainText("Two cartons, unsweetened");
  await expect(milk).toContainText("High priority");
  await expect(milk.locator("time")).toHaveText("May 1, 2030");
  await expect(page.getByRole("status")).toHaveText("Added “Buy oat milk”.");
  // The form is ready for the next task.
  await expect(form.getByLabel("Title")).toHaveValue("");
  await expect(form.getByLabel("Title")).toBeFocused();

  // Enter in the title field submits too.
  await form.getByLabel("Title").fill("Call the plumber");
  await form.getByLabel("Title").press("Enter");
  await expect(taskItem(page, "Call the plumber")).toBeVisible();
  // Newest first.
  await expect(taskList(page).getByRole("listitem")).toHaveCount(2);
  await expect(taskList(page).getByRole("listitem").first()).toContainText("Call the plumber");

  // Edit it inline.
  await milk.getByRole("button", { name: "Edit “Buy oat milk”" }).click();
  const edit = page.getByRole("form", { name: "Edit “Buy oat milk”" });
  await expect(edit.getByLabel("Title")).toBeFocused();
  await expect(edit.getByLabel("Priority")).toHaveValue("high");
  await expect(edit.getByLabel("Due date")).toHaveValue("2030-05-01");
  await edit.getByLabel("Title").fill("Buy oat milk and bread");
  await edit.getByLabel("Description").fill("");
  await edit.getByLabel("Priority").selectOption({ label: "Medium" });
  await edit.getByLabel("Due date").fill("2030-06-15");
  await edit.getByRole("button", { name: "Save" }).click();

  const groceries = taskItem(page, "Buy oat milk and bread");
  await expect(groceries).toContainText("Medium priority");
  await expect(groceries.locator("time")).toHaveText("Jun 15, 2030");
  await expect(groceries).not.toContainText("Two cartons");
  await expect(edit).toHaveCount(0);
  await expect(groceries.getByRole("button", { name: "Edit “Buy oat milk and bread”" })).toBeFocused();

  // The changes are on the server, not just on screen.
  await page.reload();
  await expect(taskItem(page, "Buy oat milk and bread")).toContainText("Medium priority");

  // Complete it.
  const groceriesBox = page.getByRole("checkbox", { name: "Buy oat milk and bread", exact: true });
  await groceriesBox.check();
  await expect(groceriesBox).toBeChecked();
  await expect(page.getByRole("status")).toHaveText("Marked “Buy oat milk and bread” as done.");

  // Filters.
  const filters = page.getByRole("group", { name: "Show tasks" });
  await filters.getByRole("button", { name: "Pending" }).click();
  await expect(filters.getByRole("button", { name: "Pending" })).toHaveAttribute("aria-pressed", "true");
  await expect(taskList(page).getByRole("listitem")).toHaveCount(1);
  await expect(taskItem(page, "Call the plumber")).toBeVisible();

  await filters.getByRole("button", { name: "Completed" }).click();
  await expect(taskList(page).getByRole("listitem")).toHaveCount(1);
  await expect(taskItem(page, "Buy oat milk and bread")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Buy oat milk and bread", exact: true })).toBeChecked();

  await filters.getByRole("button", { name: "All" }).click();
  await expect(taskList(page).getByRole("listitem")).toHaveCount(2);

  // Delete, with a confirm step; focus lands on the next task.
  const plumber = taskItem(page, "Call the plumber");
  await plumber.getByRole("button", { name: "Delete “Call the plumber”" }).click();
  const confirm = plumber.getByRole("group", { name: "Delete “Call the plumber”?" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Delete task" }).click();
  await expect(plumber).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText("Deleted “Call the plumber”.");
  await expect(groceriesBox).toBeFocused();
  await expect(taskList(page).getByRole("listitem")).toHaveCount(1);

  // Sign out: back to the sign-in form, and the API no longer knows us.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Tasks" })).toBeVisible();
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await expect(page.getByLabel("Email")).toBeFocused();
  expect((await api(page, baseURL).get("/api/tasks")).status()).toBe(401);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Sign in to Tasks" })).toBeVisible();

  // And signing in again brings the remaining task back.
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Password").press("Enter");
  await expect(taskItem(page, "Buy oat milk and bread")).toBeVisible();
  await expect(newTaskForm(page).getByLabel("Title")).toBeFocused();
});

test("Escape cancels an edit and a delete without changing the task", async ({ page }) => {
  await signUp(page, "Carol");
  await addTaskViaForm(page, "Water the plants");
  const item = taskItem(page, "Water the plants");

  await item.getByRole("button", { name: "Edit “Water the plants”" }).click();
  const edit = page.getByRole("form", { name: "Edit “Water the plants”" });
  await edit.getByLabel("Title").fill("Something else");
  await edit.getByLabel("Title").press("Escape");
  await expect(edit).toHaveCount(0);
  await expect(item.getByRole("button", { name: "Edit “Water the plants”" })).toBeFocused();

  await item.getByRole("button", { name: "Delete “Water the plants”" }).click();
  await page.keyboard.press("Escape");
  await expect(item.getByRole("button", { name: "Delete “Water the plants”" })).toBeFocused();

  await page.reload();
  await expect(taskItem(page, "Water the plants")).toBeVisible();
});
