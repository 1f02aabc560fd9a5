import { expect, test } from "@playwright/test";
import { api, json, signUp, taskList, type TaskJson } from "./helpers";

test("the list shows 50 tasks, and Load more reveals the rest", async ({ page, baseURL }) => {
  await signUp(page, "Gina");
  const client = api(page, baseURL);
  const total = 57;
  // One at a time: the list is newest first, so creation order is the expected order.
  for (let n = 1; n <= total; n++) {
    await json<TaskJson>(await client.post("/api/tasks", { title: `Task ${String(n).padStart(2, "0")}`, completed: n % 2 === 0 }));
  }

  await page.reload();
  const items = taskList(page).getByRole("listitem");
  await expect(items).toHaveCount(50);
  await expect(items.first()).toContainText("Task 57");
  await expect(items.last()).toContainText("Task 08");
  await expect(page.getByText("Showing 50 tasks")).toBeVisible();

  await page.getByRole("button", { name: "Load more" }).click();
  await expect(items).toHaveCount(total);
  await expect(items.last()).toContainText("Task 01");
  // Every task exactly once across the two pages.
  const titles = await taskList(page).getByRole("checkbox").evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).labels?.[0]?.textContent));
  expect(new Set(titles).size).toBe(total);
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  await expect(page.getByText(`Showing ${total} tasks`)).toBeVisible();
  // Focus goes to the first newly loaded task, where the reader left off.
  await expect(items.nth(50).getByRole("checkbox")).toBeFocused();

  // Filters page too: 29 pending tasks fit on one page, with no Load more.
  await page.getByRole("button", { name: "Pending" }).click();
  await expect(items).toHaveCount(29);
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
});
