import { expect, test } from "@playwright/test";
import { linkIn } from "../support/smtp-server";
import { mailTo, PASSWORD, signUp } from "./helpers";

// Forgot password, end to end: the link from the real mail (the e2e server sends to an SMTP
// server of its own, tests/support/serve.ts), a new password, and signing in with it.

test("forgot password: the mailed link sets a new password, the old one stops working", async ({ page }) => {
  const { email } = await signUp(page, "Rosa");
  await expect(page.getByText("Please verify your email address")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();

  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("If an account uses that address, we have sent it a link");

  const mail = await mailTo(email, "Reset your Tasks password");
  await page.goto(linkIn(mail, "/api/auth/reset-password/").href);
  await expect(page).toHaveURL(/\/reset-password\?token=/);
  const newPassword = "a fresh password for rosa";
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("New password again").fill("not the same");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByText("The two passwords are not the same.")).toBeVisible();
  await page.getByLabel("New password again").fill(newPassword);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Your password is changed");

  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in to Tasks" }).getByRole("alert")).toContainText("Invalid email or password");
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // The link is spent.
  await page.goto(linkIn(mail, "/api/auth/reset-password/").href);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This link has expired or has been used already.");
});
