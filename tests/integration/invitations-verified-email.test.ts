import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { listInvitations, users } from "@/db/schema";
import { call, signUp, type TestUser } from "../support/api-client";
import { freePort, startAppServer, stopChild, type AppServer } from "../support/app-server";
import { problems } from "../support/problems";
import { createList, invite } from "../support/sharing";

// With SMTP configured (SMTP_URL and MAIL_FROM: here a port nothing listens on, so the
// sign-up mails fail in the background, logged, and nothing waits for them), only an account whose email is verified sees and answers invitations to it;
// and an expired invitation is a 404 like a missing one. email_verified and expires_at
// are changed in the database between two servers on the same data.

const MAIL_FROM = "Tasks <tasks@example.com>";
let first: AppServer;
let second: AppServer | undefined;
let alice: TestUser;
let bob: TestUser;
let live: Record<string, any>;
let expired: Record<string, any>;

beforeAll(async () => {
  const env = { SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, MAIL_FROM: MAIL_FROM };
  first = await startAppServer({ env });
  [alice, bob] = await Promise.all([signUp(first, "Alice"), signUp(first, "Bob")]);
  live = await createList(first, alice, { name: "Live" });
  const old = await createList(first, alice, { name: "Old" });
  live = { ...live, invitation: await invite(first, alice, live.id, bob.email, "editor") };
  expired = await invite(first, alice, old.id, bob.email, "viewer");
});

afterAll(async () => {
  await second?.stop();
  if (!second) await first?.stop();
  else await first?.db.drop();
});

const bobJwt = () => ({ as: { user: bob, via: "jwt" as const } });

describe("with SMTP_URL set", () => {
  it("an unverified account sees no invitations and cannot answer them (404)", async () => {
    expect((await call(first, "GET", "/api/invitations", bobJwt())).body).toEqual({ items: [], verificationRequired: true });
    for (const action of ["accept", "decline"]) {
      expect((await call(first, "POST", `/api/invitations/${live.invitation.id}/${action}`, bobJwt())).body).toEqual(problems.invitationNotFound);
    }
    // Nothing changed: the invitation is still pending.
    const pending = await call(first, "GET", `/api/lists/${live.id}/invitations`, { as: { user: alice, via: "jwt" } });
    expect(pending.body).toEqual({ items: [live.invitation] });
  });

  it("once verified, the account sees and accepts them; an expired one is a 404", async () => {
    await stopChild(first.child);
    const handle = openDatabase(first.db);
    try {
      await handle.db.update(users).set({ emailVerified: true }).where(eq(users.id, bob.id));
      await handle.db.update(listInvitations).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(listInvitations.id, expired.id));
    } finally {
      await handle.close();
    }
    second = await startAppServer({
      port: Number(new URL(first.url).port),
      database: { db: first.db, signingKey: first.signingKey },
      env: { SMTP_URL: "smtp://127.0.0.1:1", MAIL_FROM },
    });
    const res = await call(second, "GET", "/api/invitations", bobJwt());
    expect(res.body).toEqual({
      items: [{ ...live.invitation, listId: undefined, email: undefined, list: { id: live.id, name: "Live" } }].map(
        ({ listId: _l, email: _e, ...rest }) => rest,
      ),
      verificationRequired: false,
    });
    expect((await call(second, "POST", `/api/invitations/${expired.id}/accept`, bobJwt())).body).toEqual(problems.invitationNotFound);
    expect((await call(second, "POST", `/api/invitations/${expired.id}/decline`, bobJwt())).body).toEqual(problems.invitationNotFound);
    const accepted = await call(second, "POST", `/api/invitations/${live.invitation.id}/accept`, bobJwt());
    expect(accepted.status).toBe(200);
    expect(accepted.body.role).toBe("editor");
  });
});
