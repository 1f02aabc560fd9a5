import { expect, test } from "@playwright/test";
import { addTaskViaForm, api, json, signUp, taskItem, type TaskJson } from "./helpers";

test("Bob sees none of Alice's tasks and cannot read, change or delete them", async ({ page, browser, baseURL }) => {
  // Alice, in the test's own browser context.
  await signUp(page, "Alice");
  await addTaskViaForm(page, "Alice's secret plan");
  await addTaskViaForm(page, "Alice's shopping list");
  const alice = api(page, baseURL);
  const { items } = await json<{ items: TaskJson[] }>(await alice.get("/api/tasks"));
  const secret = items.find((t) => t.title === "Alice's secret plan")!;
  expect(secret).toBeDefined();

  // Bob, in a fresh context: no shared cookies.
  const bobContext = await browser.newContext({ baseURL });
  try {
    const bobPage = await bobContext.newPage();
    await signUp(bobPage, "Bob");
    await expect(bobPage.getByText("No tasks yet")).toBeVisible();
    await expect(bobPage.getByText("Alice's secret plan")).toHaveCount(0);

    const bob = api(bobPage, baseURL);
    const path = `/api/tasks/${secret.id}`;
    expect((await bob.get(path)).status()).toBe(404);
    expect((await bob.patch(path, { title: "Bob was here" })).status()).toBe(404);
    expect((await bob.patch(`${path}/complete`, { completed: true })).status()).toBe(404);
    expect((await bob.delete(path)).status()).toBe(404);
    const bobsList = await json<{ items: TaskJson[] }>(await bob.get("/api/tasks"));
    expect(bobsList.items).toEqual([]);
  } finally {
    await bobContext.close();
  }

  // Alice's task is exactly as it was.
  expect(await json<TaskJson>(await alice.get(`/api/tasks/${secret.id}`))).toEqual(secret);
  await page.reload();
  await expect(taskItem(page, "Alice's secret plan")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Alice's secret plan", exact: true })).not.toBeChecked();
});
