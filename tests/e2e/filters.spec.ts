import { expect, test, type Page } from "@playwright/test";
import { createTasks, filterBar, listedTitles, signUp, summaryCounts, taskList, todayAt, type NewTask } from "./helpers";

// One overdue task (File taxes), one overdue-but-done (Old report), one due later today,
// two due in 2030 and one with no due date.
async function signUpWithTasks(page: Page, baseURL: string | undefined): Promise<void> {
  await signUp(page, "Mina");
  const tasks: NewTask[] = [
    { title: "Café au lait", priority: "high", dueDate: "2030-01-10" },
    { title: "Meet Sam", description: "At the cafe near the station", priority: "medium", dueDate: "2030-01-05" },
    { title: "Water the plants", priority: "low" },
    { title: "File taxes", dueDate: "2020-04-01" },
    { title: "Old report", priority: "medium", dueDate: "2020-02-01", completed: true },
    { title: "Dentist", priority: "high", dueDate: await todayAt(page, 23, 59) },
  ];
  await createTasks(page, baseURL, tasks);
  await page.reload();
  await expect(taskList(page).getByRole("listitem")).toHaveCount(tasks.length);
}

// West of UTC, so that the reader's "today" and UTC's never coincide for a task due late
// this evening: days counted in UTC would miss it.
test.use({ timezoneId: "America/Los_Angeles" });

const sorted = async (page: Page) => (await listedTitles(page)).sort();

test("priority and due filters, on their own and with a search", async ({ page, baseURL }) => {
  await signUpWithTasks(page, baseURL);
  const bar = filterBar(page);
  const priority = bar.getByRole("group", { name: "Priority" });
  const due = bar.getByLabel("Due", { exact: true });

  await priority.getByRole("checkbox", { name: "High" }).check();
  await expect(page.getByRole("status")).toHaveText("Found 2 tasks.");
  expect(await sorted(page)).toEqual(["Café au lait", "Dentist"]);
  await priority.getByRole("checkbox", { name: "Medium" }).check();
  await expect.poll(() => sorted(page)).toEqual(["Café au lait", "Dentist", "Meet Sam", "Old report"]);
  await expect(page).toHaveURL(/priority=medium%2Chigh|priority=medium,high/);
  await priority.getByRole("checkbox", { name: "High" }).uncheck();
  await priority.getByRole("checkbox", { name: "Medium" }).uncheck();
  await expect(taskList(page).getByRole("listitem")).toHaveCount(6);

  // Overdue: past due and not done, so the completed Old report is not one.
  await due.selectOption({ label: "Overdue" });
  await expect.poll(() => listedTitles(page)).toEqual(["File taxes"]);
  await due.selectOption({ label: "Due today" });
  await expect.poll(() => listedTitles(page)).toEqual(["Dentist"]);
  await due.selectOption({ label: "No due date" });
  await expect.poll(() => listedTitles(page)).toEqual(["Water the plants"]);

  // A reload, and Back, keep the filters.
  await page.reload();
  await expect(due).toHaveValue("none");
  await page.goBack();
  await expect(due).toHaveValue("today");
  await expect.poll(() => listedTitles(page)).toEqual(["Dentist"]);
  await due.selectOption({ label: "Any due date" });

  // Combined with a search: "cafe" finds two, Medium keeps one.
  await bar.getByRole("searchbox", { name: "Search tasks" }).fill("cafe");
  await expect.poll(() => sorted(page)).toEqual(["Café au lait", "Meet Sam"]);
  await priority.getByRole("checkbox", { name: "Medium" }).check();
  await expect.poll(() => listedTitles(page)).toEqual(["Meet Sam"]);

  // Low and "cafe": nothing. "Clear filters" brings every task back, and an empty search box.
  await priority.getByRole("checkbox", { name: "Medium" }).uncheck();
  await priority.getByRole("checkbox", { name: "Low" }).check();
  await expect(page.getByText("No tasks match these filters")).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Found no tasks.");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(taskList(page).getByRole("listitem")).toHaveCount(6);
  await expect(bar.getByRole("searchbox", { name: "Search tasks" })).toHaveValue("");
  await expect(bar.getByRole("searchbox", { name: "Search tasks" })).toBeFocused();
  await expect(priority.getByRole("checkbox", { name: "Low" })).not.toBeChecked();
  await expect(page).toHaveURL(/\/$/);
});

test("the summary counts every task and follows a change", async ({ page, baseURL }) => {
  await signUpWithTasks(page, baseURL);
  const counts = summaryCounts(page);
  await expect(counts).toHaveText(["6 tasks", "5 pending", "1 completed", "1 overdue", "1 due today"]);

  // The counts are of every task, whatever the filters show.
  await filterBar(page).getByRole("group", { name: "Priority" }).getByRole("checkbox", { name: "Low" }).check();
  await expect.poll(() => listedTitles(page)).toEqual(["Water the plants"]);
  await expect(counts).toHaveText(["6 tasks", "5 pending", "1 completed", "1 overdue", "1 due today"]);
  await filterBar(page).getByRole("group", { name: "Priority" }).getByRole("checkbox", { name: "Low" }).uncheck();
  await filterBar(page).getByLabel("Due", { exact: true }).selectOption({ label: "Overdue" });
  await expect.poll(() => listedTitles(page)).toEqual(["File taxes"]);

  // Done: no longer pending, nor overdue, so it leaves the "Overdue" list. (A click, not
  // check(): check() looks at the box again afterwards, and it may be gone by then.)
  await page.getByRole("checkbox", { name: "File taxes", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Marked “File taxes” as done.");
  await expect(counts).toHaveText(["6 tasks", "4 pending", "2 completed", "0 overdue", "1 due today"]);
  await expect(page.getByText("No tasks match these filters")).toBeVisible();
});

test("a search the API refuses is shown in an alert that names the control", async ({ page }) => {
  await signUp(page, "Omar");
  // Longer than the API's 200 characters: the search box cannot be typed that far, but an
  // address can be edited.
  await page.goto(`/?q=${"x".repeat(201)}`);
  // (Next.js has an empty alert of its own, its route announcer.)
  const alert = page.getByRole("alert").filter({ hasText: "One or more query parameters are invalid." });
  await expect(alert).toContainText("Search: At most 200 characters.");
  await alert.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByText("No tasks yet")).toBeVisible();
  await expect(alert).toHaveCount(0);
});
