import { expect, test, type Page } from "@playwright/test";
import { createTasks, filterBar, listedTitles, newTaskForm, signUp, taskItem, taskList, type NewTask } from "./helpers";

// Six tasks with distinct priorities, due dates and words. Created in this order, in one
// batch: where a sort ties, the later one has the greater id.
const TASKS: NewTask[] = [
  { title: "Café au lait", priority: "high", dueDate: "2030-01-10" },
  { title: "Meet Sam", description: "At the cafe near the station", priority: "medium", dueDate: "2030-01-05" },
  { title: "Water the plants", priority: "low" },
  { title: "File taxes", dueDate: "2020-04-01" },
  { title: "Old report", priority: "medium", dueDate: "2020-02-01", completed: true },
  { title: "Plan the trip" },
];
const ALL_TITLES = TASKS.map((t) => t.title);

async function signUpWithTasks(page: Page, baseURL: string | undefined) {
  await signUp(page, "Sofia");
  await createTasks(page, baseURL, TASKS);
  await page.reload();
  await expect(taskList(page).getByRole("listitem")).toHaveCount(TASKS.length);
}

const sorted = (titles: string[]) => [...titles].sort();

test("search ignores accents, looks in descriptions too, and Escape shows every task again", async ({ page, baseURL }) => {
  await signUpWithTasks(page, baseURL);
  const search = filterBar(page).getByRole("searchbox", { name: "Search tasks" });

  await search.fill("cafe");
  await expect(page.getByRole("status")).toHaveText("Found 2 tasks.");
  expect(sorted(await listedTitles(page))).toEqual(["Café au lait", "Meet Sam"]);
  // A search with no sort of its own lists the best matches first.
  await expect(filterBar(page).getByLabel("Sort by")).toHaveValue("best-match");
  await expect(filterBar(page).getByRole("option", { name: "Best match" })).toHaveCount(1);

  // The search is in the address: a reload keeps it.
  await expect(page).toHaveURL(/\?q=cafe$/);
  await page.reload();
  await expect(search).toHaveValue("cafe");
  await expect(taskList(page).getByRole("listitem")).toHaveCount(2);

  // Escape clears it at once.
  await search.press("Escape");
  await expect(search).toHaveValue("");
  await expect(taskList(page).getByRole("listitem")).toHaveCount(TASKS.length);
  await expect(page).toHaveURL(/\/$/);

  // Back returns to the search, Forward to the full list.
  await page.goBack();
  await expect(search).toHaveValue("cafe");
  await expect(taskList(page).getByRole("listitem")).toHaveCount(2);
  await page.goForward();
  await expect(search).toHaveValue("");
  await expect(taskList(page).getByRole("listitem")).toHaveCount(TASKS.length);

  // Enter searches without waiting for the pause; a word in no task finds nothing.
  await search.fill("plumber");
  await search.press("Enter");
  await expect(page.getByText("No tasks match these filters")).toBeVisible();
  // Emptying the field by hand shows everything again too.
  await search.fill("");
  await expect(taskList(page).getByRole("listitem")).toHaveCount(TASKS.length);
});

test("sorting by priority, due date and title", async ({ page, baseURL }) => {
  await signUpWithTasks(page, baseURL);
  const sort = filterBar(page).getByLabel("Sort by");

  // High, then Medium, then Low, then no priority (ties: the newest first, as the order is descending).
  await sort.selectOption({ label: "Priority" });
  await expect(page).toHaveURL(/sort=priority/);
  await expect.poll(() => listedTitles(page)).toEqual(["Café au lait", "Old report", "Meet Sam", "Water the plants", "Plan the trip", "File taxes"]);

  // Soonest first, completed or not; tasks with no due date last.
  await sort.selectOption({ label: "Due date" });
  await expect.poll(() => listedTitles(page)).toEqual(["Old report", "File taxes", "Meet Sam", "Café au lait", "Water the plants", "Plan the trip"]);

  await sort.selectOption({ label: "Title A–Z" });
  await expect.poll(() => listedTitles(page)).toEqual(sorted(ALL_TITLES));

  await sort.selectOption({ label: "Oldest" });
  await expect.poll(() => listedTitles(page)).toEqual(ALL_TITLES);

  // The sort survives a reload, and "Newest" is the default again.
  await page.reload();
  await expect(sort).toHaveValue("oldest");
  await sort.selectOption({ label: "Newest" });
  await expect.poll(() => listedTitles(page)).toEqual([...ALL_TITLES].reverse());
  await expect(page).toHaveURL(/\/$/);
});

test("a task added or edited while sorted, searching or filtered goes where the server puts it", async ({ page, baseURL }) => {
  await signUpWithTasks(page, baseURL);
  const bar = filterBar(page);
  const form = newTaskForm(page);
  await bar.getByLabel("Sort by").selectOption({ label: "Priority" });
  await expect.poll(() => listedTitles(page)).toEqual(["Café au lait", "Old report", "Meet Sam", "Water the plants", "Plan the trip", "File taxes"]);

  // Sorted by priority, a new high-priority task goes among the high ones, not at the top of the list by age.
  await form.getByLabel("Title").fill("Call the bank");
  await form.getByLabel("Priority").selectOption({ label: "High" });
  await form.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("status")).toHaveText("Added “Call the bank”.");
  await expect.poll(() => listedTitles(page)).toEqual(["Call the bank", "Café au lait", "Old report", "Meet Sam", "Water the plants", "Plan the trip", "File taxes"]);
  await expect(form.getByLabel("Title")).toBeFocused();

  // Searching, a task that does not match is added, and the list says why it is not there.
  await bar.getByRole("searchbox", { name: "Search tasks" }).fill("cafe");
  await expect.poll(() => listedTitles(page)).toEqual(["Café au lait", "Meet Sam"]);
  await form.getByLabel("Title").fill("Buy bread");
  await form.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("status")).toHaveText("Added “Buy bread”. It does not match the search.");
  await expect.poll(() => listedTitles(page)).toEqual(["Café au lait", "Meet Sam"]);

  // Filtered by High, an edit to Low takes the task out of the list; focus goes to its neighbour.
  await bar.getByRole("searchbox", { name: "Search tasks" }).press("Escape");
  await bar.getByRole("group", { name: "Priority" }).getByRole("checkbox", { name: "High" }).check();
  await expect.poll(() => listedTitles(page)).toEqual(["Call the bank", "Café au lait"]);
  await taskItem(page, "Call the bank").getByRole("button", { name: "Edit “Call the bank”" }).click();
  const edit = page.getByRole("form", { name: "Edit “Call the bank”" });
  await edit.getByLabel("Priority").selectOption({ label: "Low" });
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved “Call the bank”. It does not match the filters.");
  await expect.poll(() => listedTitles(page)).toEqual(["Café au lait"]);
  await expect(page.getByRole("checkbox", { name: "Café au lait", exact: true })).toBeFocused();
});

test("Load more with a sort other than the default shows every task exactly once", async ({ page, baseURL }) => {
  await signUp(page, "Lena");
  const priorities = ["high", "medium", "low", null] as const;
  // 60 tasks, 15 of each priority: page 1 ends among those with no priority, whose sort
  // key in the cursor is "none".
  const total = 60;
  await createTasks(
    page,
    baseURL,
    Array.from({ length: total }, (_, n) => ({ title: `Task ${String(n + 1).padStart(2, "0")}`, priority: priorities[n % 4] })),
  );
  await page.goto("/?sort=priority");
  const items = taskList(page).getByRole("listitem");
  await expect(items).toHaveCount(50);

  await page.getByRole("button", { name: "Load more" }).click();
  await expect(items).toHaveCount(total);
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  const titles = await listedTitles(page);
  expect(new Set(titles).size).toBe(total);

  // Still in priority order across the two pages: the rank never goes back up.
  const rank = { high: 3, medium: 2, low: 1 } as const;
  const ranks = titles.map((title) => {
    const p = priorities[(Number(title.slice(5)) - 1) % 4];
    return p ? rank[p] : 0;
  });
  expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
});
