import { expect, test } from "@playwright/test";
import { addTaskViaForm, newTaskForm, PASSWORD, signUp, taskItem, uniqueEmail } from "./helpers";

test("the server's field messages appear beside the title, and nothing is saved", async ({ page }) => {
  await signUp(page, "Dana");
  const form = newTaskForm(page);
  const title = form.getByLabel("Title");

  // Blank (spaces only: the server trims before it checks).
  await title.fill("   ");
  await form.getByRole("button", { name: "Add task" }).click();
  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(title).toHaveAccessibleDescription("Must not be empty.");
  await expect(form.getByRole("alert")).toHaveText("One or more fields are invalid.");
  await expect(title).toBeFocused();

  // Too long: 201 characters.
  await title.fill("x".repeat(201));
  await form.getByRole("button", { name: "Add task" }).click();
  await expect(title).toHaveAccessibleDescription("At most 200 characters.");
  await expect(page.getByText("No tasks yet")).toBeVisible();

  // 200 is fine, and the error goes away.
  await title.fill("y".repeat(200));
  await form.getByRole("button", { name: "Add task" }).click();
  await expect(taskItem(page, "y".repeat(200))).toBeVisible();
  await expect(title).not.toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert")).toHaveCount(0);
});

test("editing a task to a blank title shows the message in the edit form and keeps the old title", async ({ page }) => {
  await signUp(page, "Erin");
  await addTaskViaForm(page, "File the taxes");
  await taskItem(page, "File the taxes").getByRole("button", { name: "Edit “File the taxes”" }).click();
  const edit = page.getByRole("form", { name: "Edit “File the taxes”" });
  await edit.getByLabel("Title").fill("");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByLabel("Title")).toHaveAccessibleDescription("Must not be empty.");
  await edit.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(taskItem(page, "File the taxes")).toBeVisible();
});

test("sign-up and sign-in errors are shown beside the field or as an alert", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Create an account" }).click();
  const form = page.getByRole("form", { name: "Create your account" });

  // Missing fields are named before anything is sent.
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByLabel("Name")).toHaveAccessibleDescription("Enter your name.");
  await expect(form.getByLabel("Name")).toBeFocused();

  // The server's password rule, beside the password.
  const email = uniqueEmail("frank");
  await form.getByLabel("Name").fill("Frank");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill("short");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Password")).toHaveAccessibleDescription(/Password too short/);

  // A malformed email, beside the email.
  await form.getByLabel("Email").fill("not-an-email");
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByLabel("Email")).toHaveAccessibleDescription(/Invalid email/);

  // A wrong password on sign-in is an alert (it is not one field's fault).
  await page.getByRole("button", { name: "Sign in instead" }).click();
  const signIn = page.getByRole("form", { name: "Sign in to Tasks" });
  await signIn.getByLabel("Email").fill(email);
  await signIn.getByLabel("Password").fill("wrong password!");
  await signIn.getByRole("button", { name: "Sign in" }).click();
  await expect(signIn.getByRole("alert")).toHaveText("Invalid email or password");
});
