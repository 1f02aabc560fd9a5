import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { verifications } from "@/db/schema";
import { call, signUp, uniqueEmail, type TestUser } from "../support/api-client";
import { startAppServer, stopChild, type AppServer } from "../support/app-server";
import type { TestDatabase } from "../support/test-database";
import { follow, MAIL_FROM, requestReset } from "../support/mail-flows";
import { linkIn, startSmtpServer, type TestSmtpServer } from "../support/smtp-server";

// Password reset with Better Auth's own flow, over real SMTP: the request answers the same
// whether or not the account exists; the mailed link works once, for 30 minutes, leads to
// /reset-password, and the new password signs every other session out.

let smtp: TestSmtpServer;
let server: AppServer;
/** The database the expiry test's restarted server runs on: stopping that server keeps it. */
let keptDatabase: TestDatabase | undefined;

const start = (extra: Parameters<typeof startAppServer>[0] = {}) =>
  startAppServer({ ...extra, env: { TEST: "", SMTP_URL: smtp.url, MAIL_FROM, ...extra.env } });

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await start();
});
afterAll(async () => {
  await server?.stop();
  await keptDatabase?.drop();
  await smtp?.stop();
});

const NEUTRAL = { status: true, message: "If this email exists in our system, check your email for the reset link" };

async function resetLink(user: TestUser, nth = 0): Promise<{ link: URL; token: string }> {
  const mail = await smtp.waitFor(user.email, (m) => m.subject === "Reset your Tasks password" && smtp.to(user.email).filter((x) => x.subject === m.subject).indexOf(m) >= nth);
  const link = linkIn(mail, "/api/auth/reset-password/");
  return { link, token: link.pathname.split("/").pop()! };
}

function signIn(user: TestUser, password: string) {
  return call(server, "POST", "/api/auth/sign-in/email", { json: { email: user.email, password }, headers: { origin: server.url } });
}

const resetPassword = (token: string, newPassword: string) =>
  call(server, "POST", "/api/auth/reset-password", { json: { token, newPassword }, headers: { origin: server.url } });

describe("asking for a reset", () => {
  it("answers the same whether or not the address has an account", async () => {
    const ada = await signUp(server, "Ada");
    const known = await requestReset(server, ada.email);
    const unknown = await requestReset(server, uniqueEmail("nobody"));
    expect([known.status, known.body]).toEqual([200, NEUTRAL]);
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
    expect([...unknown.headers.keys()].filter((k) => k !== "date" && k !== "x-request-id")).toEqual(
      [...known.headers.keys()].filter((k) => k !== "date" && k !== "x-request-id"),
    );
    const mail = await smtp.waitFor(ada.email, (m) => m.subject === "Reset your Tasks password");
    expect(mail.text).toContain("it works once, for 30 minutes");
    expect(mail.text).toContain("Your other sessions are signed out");
  });

  it("refuses a redirectTo on another origin, the same for an account or not", async () => {
    const bea = await signUp(server, "Bea");
    for (const email of [bea.email, uniqueEmail("nobody")]) {
      const res = await requestReset(server, email, { redirectTo: "https://evil.example/reset" });
      expect([res.status, res.body]).toEqual([403, { code: "INVALID_REDIRECT_URL", message: "Invalid redirectURL" }]);
    }
    // A link with a callbackURL to elsewhere is refused too, not followed.
    await requestReset(server, bea.email);
    const { token } = await resetLink(bea);
    const opened = await follow(server, `${server.url}/api/auth/reset-password/${token}?callbackURL=${encodeURIComponent("https://evil.example/")}`);
    expect(opened.status).toBe(403);
    expect(JSON.parse(opened.text)).toEqual({ code: "INVALID_CALLBACK_URL", message: "Invalid callbackURL" });
  });
});

describe("the link", () => {
  it("leads to /reset-password with its token; the new password works and every old session ends", async () => {
    const cy = await signUp(server, "Cy");
    const other = await signIn(cy, cy.password);
    const otherCookie = other.headers.getSetCookie()[0]!.split(";")[0]!;
    expect((await call(server, "GET", "/api/tasks", { headers: { cookie: otherCookie } })).status).toBe(200);

    await requestReset(server, cy.email);
    const { link, token } = await resetLink(cy);
    expect(link.origin).toBe(server.url);
    expect(link.searchParams.get("callbackURL")).toBe("/reset-password");
    const opened = await follow(server, link);
    expect([opened.status, opened.location]).toEqual([302, `/reset-password?token=${token}`]);
    const page = await call(server, "GET", opened.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain("New password again");

    const newPassword = "a brand new password";
    const res = await resetPassword(token, newPassword);
    expect([res.status, res.body]).toEqual([200, { status: true }]);

    for (const cookie of [cy.cookie, otherCookie]) {
      expect((await call(server, "GET", "/api/tasks", { headers: { cookie } })).status).toBe(401);
    }
    const old = await signIn(cy, cy.password);
    expect([old.status, old.body]).toEqual([401, { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" }]);
    expect((await signIn(cy, newPassword)).status).toBe(200);
  });

  it("works once: the second use is INVALID_TOKEN, and the link then lands on ?error=INVALID_TOKEN", async () => {
    const dee = await signUp(server, "Dee");
    await requestReset(server, dee.email);
    const { link, token } = await resetLink(dee);
    expect((await resetPassword(token, "first new password")).status).toBe(200);
    const second = await resetPassword(token, "second new password");
    expect([second.status, second.body]).toEqual([400, { code: "INVALID_TOKEN", message: "Invalid token" }]);
    expect((await follow(server, link)).location).toBe("/reset-password?error=INVALID_TOKEN");
    expect((await signIn(dee, "first new password")).status).toBe(200);
    const page = await call(server, "GET", "/reset-password?error=INVALID_TOKEN");
    expect(page.text).toContain("This link has expired or has been used already.");
  });

  it("refuses a password out of bounds and an unknown token, and changes nothing", async () => {
    const eve = await signUp(server, "Eve");
    await requestReset(server, eve.email);
    const { token } = await resetLink(eve);
    const short = await resetPassword(token, "short");
    expect([short.status, short.body]).toEqual([400, { code: "PASSWORD_TOO_SHORT", message: "Password too short" }]);
    const unknown = await resetPassword("x".repeat(24), "long enough password");
    expect([unknown.status, unknown.body]).toEqual([400, { code: "INVALID_TOKEN", message: "Invalid token" }]);
    expect((await signIn(eve, eve.password)).status).toBe(200);
    // The token survived the refused attempt.
    expect((await resetPassword(token, "long enough password")).status).toBe(200);
  });
});

describe("expiry", () => {
  it("stores the token for 30 minutes, and refuses it once past", async () => {
    const fay = await signUp(server, "Fay");
    const before = Date.now();
    await requestReset(server, fay.email);
    const { link, token } = await resetLink(fay);

    // The embedded database is one process's: the server stops while the row is changed.
    const port = Number(new URL(server.url).port);
    const { db, signingKey } = server;
    await stopChild(server.child);
    const handle = openDatabase(db);
    try {
      const row = and(eq(verifications.identifier, `reset-password:${token}`), like(verifications.identifier, "reset-password:%"));
      const [stored] = await handle.db.select({ expiresAt: verifications.expiresAt }).from(verifications).where(row);
      expect(stored!.expiresAt.getTime() - before).toBeGreaterThan(29 * 60_000);
      expect(stored!.expiresAt.getTime() - before).toBeLessThanOrEqual(30 * 60_000 + 5_000);
      await handle.db.update(verifications).set({ expiresAt: sql`now() - interval '1 second'` }).where(row);
    } finally {
      await handle.close();
    }
    keptDatabase = db;
    server = await start({ port, database: { db, signingKey } });

    expect((await follow(server, link)).location).toBe("/reset-password?error=INVALID_TOKEN");
    const res = await resetPassword(token, "long enough password");
    expect([res.status, res.body]).toEqual([400, { code: "INVALID_TOKEN", message: "Invalid token" }]);
    expect((await signIn(fay, fay.password)).status).toBe(200);
  });
});
