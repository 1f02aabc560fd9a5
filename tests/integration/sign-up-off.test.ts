import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signUp, uniqueEmail, type TestUser } from "../support/api-client";
import { startAppServer, stopChild, type AppServer } from "../support/app-server";

// SIGN_UP=off, a private instance: the accounts made while it was on sign in as before;
// nobody makes a new one, through the API or the page (which no longer offers it).

let open: AppServer;
let closed: AppServer | undefined;
let alice: TestUser;

beforeAll(async () => {
  open = await startAppServer();
  alice = await signUp(open, "Alice");
  await stopChild(open.child); // its database lives on for the closed server
  closed = await startAppServer({
    port: Number(new URL(open.url).port),
    database: { db: open.db, signingKey: open.signingKey },
    env: { SIGN_UP: "off" },
  });
});

afterAll(async () => {
  await closed?.stop();
  await open?.db.drop();
});

describe("with SIGN_UP=off", () => {
  it("sign-up is refused with Better Auth's own code, and no account is made", async () => {
    const email = uniqueEmail("mallory");
    const res = await call(closed!, "POST", "/api/auth/sign-up/email", {
      headers: { origin: closed!.url },
      json: { name: "Mallory", email, password: "correct horse battery" },
    });
    expect([res.status, res.body]).toEqual([
      400,
      { code: "EMAIL_PASSWORD_SIGN_UP_DISABLED", message: "Email and password sign up is not enabled" },
    ]);
    const signIn = await call(closed!, "POST", "/api/auth/sign-in/email", {
      headers: { origin: closed!.url },
      json: { email, password: "correct horse battery" },
    });
    expect(signIn.status).toBe(401);
  });

  it("an existing account signs in and uses the API", async () => {
    const res = await call(closed!, "POST", "/api/auth/sign-in/email", {
      headers: { origin: closed!.url },
      json: { email: alice.email, password: alice.password },
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: alice.id, email: alice.email });
    const tasks = await call(closed!, "GET", "/api/tasks", { headers: { authorization: `Bearer ${alice.jwt}` } });
    expect(tasks.status).toBe(200);
  });

  it("the page offers no sign-up, and says why", async () => {
    const page = await call(closed!, "GET", "/");
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("Create an account");
    expect(page.text).toContain("New accounts are not open on this server");
  });
});
