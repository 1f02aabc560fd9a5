import { expect, type APIResponse, type Browser, type Page } from "@playwright/test";
import { existsSync, readFileSync } from "node:fs";
import { e2eMailFile, type ReceivedMail } from "../support/smtp-server";
import type { TaskJson } from "../support/task-model";

export type { TaskJson };

// Shared steps for the e2e specs: each test makes its own people, so tests never share
// data and can run in any order against one server.

export const PASSWORD = "correct horse battery";

export function uniqueEmail(name: string): string {
  return `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Signs up through the form, as a person would; leaves the page on the task board. */
export async function signUp(page: Page, name: string): Promise<{ email: string }> {
  const email = uniqueEmail(name.toLowerCase());
  await page.goto("/");
  await page.getByRole("button", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return { email };
}

/** Someone else, in a browser context of their own (no shared cookies), signed up and on the board. */
export async function person(browser: Browser, baseURL: string | undefined, name: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const { email } = await signUp(page, name);
  return { context, page, email };
}

export function newTaskForm(page: Page) {
  return page.getByRole("form", { name: "New task" });
}

export function taskList(page: Page) {
  return page.getByRole("list", { name: "Tasks" });
}

/** The list item of the task with exactly this title. */
export function taskItem(page: Page, title: string) {
  return taskList(page)
    .getByRole("listitem")
    .filter({ has: page.getByRole("checkbox", { name: title, exact: true }) });
}

export async function addTaskViaForm(page: Page, title: string): Promise<void> {
  const form = newTaskForm(page);
  await form.getByLabel("Title").fill(title);
  await form.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("status")).toHaveText(`Added “${title}”.`);
}

/**
 * The API, with the page's session cookie. Cookie-authenticated writes must say where
 * they come from (the server refuses them cross-origin), as a browser's fetch would.
 */
export function api(page: Page, baseURL: string | undefined) {
  const headers = { Origin: baseURL ?? "" };
  return {
    get: (path: string) => page.request.get(path),
    post: (path: string, data: unknown) => page.request.post(path, { data, headers }),
    patch: (path: string, data: unknown) => page.request.patch(path, { data, headers }),
    delete: (path: string) => page.request.delete(path, { headers }),
  };
}

export async function json<T>(response: APIResponse): Promise<T> {
  expect(response.ok(), `${response.url()} answered ${response.status()}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** The body of POST /api/tasks. */
export type NewTask = {
  title: string;
  description?: string | null;
  priority?: "low" | "medium" | "high" | null;
  dueDate?: string | null;
  completed?: boolean;
};

/**
 * Creates tasks in one request (POST /api/tasks/batch, in order), to set the scene fast
 * when adding them is not what the test is about. One transaction: they share a
 * createdAt, and their ids (UUIDv7) keep the order they were given in.
 */
export async function createTasks(page: Page, baseURL: string | undefined, tasks: NewTask[]): Promise<TaskJson[]> {
  const operations = tasks.map((body) => ({ op: "create", body }));
  const { results } = await json<{ results: { task: TaskJson }[] }>(await api(page, baseURL).post("/api/tasks/batch", { operations }));
  return results.map((result) => result.task);
}

/** The titles of the listed tasks, top to bottom (each checkbox is labelled by its title). */
export function listedTitles(page: Page): Promise<string[]> {
  return taskList(page)
    .getByRole("checkbox")
    .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).labels?.[0]?.textContent ?? ""));
}

/** The search box, sort and due and priority filters above the list. */
export function filterBar(page: Page) {
  return page.getByRole("search", { name: "Search and filter tasks" });
}

/** The counts above the list ("6 tasks", "5 pending"...), one list item each. */
export function summaryCounts(page: Page) {
  return page.getByRole("list", { name: "Summary" }).getByRole("listitem");
}

/** A time of today where the browser is, as an ISO instant: "due today" is the reader's day. */
export function todayAt(page: Page, hours: number, minutes: number): Promise<string> {
  return page.evaluate(([h, m]) => {
    const date = new Date();
    date.setHours(h!, m!, 0, 0);
    return date.toISOString();
  }, [hours, minutes]);
}


const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);

/** The mail with this subject sent to this address (the e2e server's SMTP server writes them to a file). */
export async function mailTo(email: string, subject: string): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(() => {
      const file = e2eMailFile(E2E_PORT);
      const mails = existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as ReceivedMail) : [];
      found = mails.find((m) => m.to.includes(email.toLowerCase()) && m.subject === subject);
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}
