// The users the load generator speaks for: signed in through the app's own HTTP API (a real
// session cookie), with a fresh JWT from GET /api/auth/token before each scenario (they
// live 15 minutes, shorter than a full run).
import { readFileSync } from "node:fs";
import { HEAVY_EMAIL, HEAVY_ID, userEmail, userId } from "./seed-sql";

export type Client = { id: string; email: string; cookie: string; token: string };

async function expectOk(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

async function signIn(baseUrl: string, id: string, email: string, password: string): Promise<Client> {
  const res = await expectOk(
    await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: baseUrl },
      body: JSON.stringify({ email, password }),
    }),
    `sign-in ${email}`,
  );
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("better-auth.session_token="));
  if (!cookie) throw new Error(`sign-in ${email}: no session cookie`);
  return { id, email, cookie, token: "" };
}

/** Drivers 1..n (100-task users) and the heavy user, signed in. */
export async function signInClients(baseUrl: string, drivers: number, password: string) {
  const list = await Promise.all(
    Array.from({ length: drivers }, (_, i) => signIn(baseUrl, userId(i + 1), userEmail(i + 1), password)),
  );
  const heavy = await signIn(baseUrl, HEAVY_ID, HEAVY_EMAIL, password);
  return { drivers: list, heavy };
}

/** A fresh JWT for each client (in place). */
export async function refreshTokens(baseUrl: string, clients: Client[]): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      const res = await expectOk(await fetch(`${baseUrl}/api/auth/token`, { headers: { Cookie: client.cookie } }), "token");
      client.token = ((await res.json()) as { token: string }).token;
    }),
  );
}

type Page = { items: { id: string }[]; nextCursor: string | null };

export async function getPage(baseUrl: string, token: string, query: string): Promise<Page> {
  const res = await expectOk(
    await fetch(`${baseUrl}/api/tasks${query}`, { headers: { Authorization: `Bearer ${token}` } }),
    `GET /api/tasks${query}`,
  );
  return (await res.json()) as Page;
}

/**
 * A cursor `skip` tasks deep into the heavy user's default listing, walked 100 at a time
 * (a cursor does not depend on the page size), from `baseUrl`'s own cursors.
 */
export async function deepCursor(baseUrl: string, token: string, skip: number): Promise<string> {
  let cursor: string | null = null;
  for (let seen = 0; seen < skip; seen += 100) {
    const page: Page = await getPage(baseUrl, token, `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  if (!cursor) throw new Error("the heavy user has too few tasks for a deep page");
  return cursor;
}

/** Uploads a prepared form (bench/multipart.ts) to a task as `client`: the attachment's id. */
export async function uploadFile(baseUrl: string, client: Client, taskId: string, form: { file: string; contentType: string }): Promise<string> {
  const res = await expectOk(
    await fetch(`${baseUrl}/api/tasks/${taskId}/attachments`, {
      method: "POST",
      headers: { Authorization: `Bearer ${client.token}`, "Content-Type": form.contentType },
      body: readFileSync(form.file),
    }),
    `upload to ${taskId}`,
  );
  return ((await res.json()) as { id: string }).id;
}
