import { expect, test } from "@playwright/test";
import { api, createTasks, json, listedTitles, signUp, summaryCounts, taskList, type TaskJson } from "./helpers";

test("Clear completed asks first, then deletes exactly the person's completed tasks", async ({ page, browser, baseURL }) => {
  // Bob, in a fresh context (no shared cookies), has a completed task of his own.
  const bobContext = await browser.newContext({ baseURL });
  try {
    const bobPage = await bobContext.newPage();
    await signUp(bobPage, "Bob");
    const [bobsTask] = await createTasks(bobPage, baseURL, [{ title: "Bob's finished chore", completed: true }]);

    await signUp(page, "Alice");
    const clear = page.getByRole("button", { name: "Clear completed" });
    // Nothing completed yet: nothing to clear.
    await expect(clear).toBeDisabled();

    await createTasks(page, baseURL, [
      { title: "Buy stamps", completed: true },
      { title: "Post the letter" },
      { title: "Book the hotel", completed: true },
      { title: "Pack the bags" },
    ]);
    await page.reload();
    await expect(summaryCounts(page)).toHaveText(["4 tasks", "2 pending", "2 completed", "0 overdue", "0 due today"]);

    // Cancel leaves everything as it was, and focus goes back to the button.
    await clear.click();
    const confirm = page.getByRole("group", { name: "Delete 2 completed tasks?" });
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toHaveCount(0);
    await expect(clear).toBeFocused();
    await expect(taskList(page).getByRole("listitem")).toHaveCount(4);

    // Escape backs out too.
    await clear.click();
    await page.keyboard.press("Escape");
    await expect(confirm).toHaveCount(0);
    await expect(clear).toBeFocused();

    // Confirmed: the completed ones go, the pending ones stay.
    await clear.click();
    await confirm.getByRole("button", { name: "Clear completed" }).click();
    await expect(page.getByRole("status")).toHaveText("Cleared 2 completed tasks.");
    await expect.poll(async () => (await listedTitles(page)).sort()).toEqual(["Pack the bags", "Post the letter"]);
    await expect(summaryCounts(page)).toHaveText(["2 tasks", "2 pending", "0 completed", "0 overdue", "0 due today"]);
    await expect(clear).toBeDisabled();
    await expect(page.getByRole("heading", { name: "Your tasks", level: 2 })).toBeFocused();

    // On the server too; and Bob's completed task is exactly as it was.
    const alicesCompleted = await json<{ items: TaskJson[] }>(await api(page, baseURL).get("/api/tasks?status=completed"));
    expect(alicesCompleted.items).toEqual([]);
    expect(await json<TaskJson>(await api(bobPage, baseURL).get(`/api/tasks/${bobsTask!.id}`))).toEqual(bobsTask);
  } finally {
    await bobContext.close();
  }
});
