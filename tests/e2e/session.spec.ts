import { expect, test } from "@playwright/test";
import { api, newTaskForm, signUp } from "./helpers";

test("a signed-out visitor sees the sign-in form and the API answers 401", async ({ page, baseURL }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Sign in to Tasks" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  expect((await api(page, baseURL).get("/api/tasks")).status()).toBe(401);
});

test("when the session ends mid-use, the next action returns to the sign-in form", async ({ page, context }) => {
  await signUp(page, "Hana");
  await context.clearCookies();

  const form = newTaskForm(page);
  await form.getByLabel("Title").fill("Never saved");
  await form.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Tasks" })).toBeVisible();
  await expect(page.getByText("Your session has ended. Please sign in again.")).toBeVisible();
});
