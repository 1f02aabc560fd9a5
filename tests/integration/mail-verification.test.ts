import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signUp, uniqueEmail, type TestUser } from "../support/api-client";
import { startAppServer, TEST_AUTH_SECRET, type AppServer } from "../support/app-server";
import { follow, MAIL_FROM, resendVerification, sessionUser, waitForLoggedLink } from "../support/mail-flows";
import { linkIn, startSmtpServer, type TestSmtpServer } from "../support/smtp-server";

// Email verification with Better Auth's own flow, over real SMTP: sign-up mails a link,
// the link (through /api/auth/verify-email) marks the address verified and lands on the
// /verify-email page; it can be mailed again; a link that is forged or expired says so.

let smtp: TestSmtpServer;
let server: AppServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startAppServer({ env: { TEST: "", SMTP_URL: smtp.url, MAIL_FROM } });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

const verificationMail = (user: TestUser, nth = 0) =>
  smtp.waitFor(user.email, (m) => m.subject === "Verify your email address for Tasks" && smtp.to(user.email).indexOf(m) >= nth);

describe("on sign-up", () => {
  it("mails a link that verifies the address, signs its account in and lands on /verify-email", async () => {
    const ada = await signUp(server, "Ada");
    expect((await sessionUser(server, ada.cookie))!.emailVerified).toBe(false);

    const mail = await verificationMail(ada);
    expect(mail.to).toEqual([ada.email]);
    expect([mail.from, mail.envelopeFrom]).toEqual(['"Tasks" <tasks@example.test>', "tasks@example.test"]);
    expect(mail.text).toMatch(/^Hello Ada,\n/);
    expect(mail.text).toContain("it works for 24 hours");
    const link = linkIn(mail, "/api/auth/verify-email");
    expect(link.origin).toBe(server.url);
    expect(link.searchParams.get("callbackURL")).toBe("/verify-email");
    expect(mail.html).toContain(`href="${link.href.replaceAll("&", "&amp;")}"`);

    const opened = await follow(server, link);
    expect([opened.status, opened.location]).toEqual([302, "/verify-email"]);
    expect(opened.cookie).toBeDefined();
    expect(await sessionUser(server, ada.cookie)).toMatchObject({ id: ada.id, emailVerified: true });
    expect(await sessionUser(server, opened.cookie!)).toMatchObject({ id: ada.id, emailVerified: true });

    const page = await call(server, "GET", "/verify-email", { headers: { cookie: opened.cookie! } });
    expect(page.status).toBe(200);
    expect(page.text).toContain("Email verified");
    expect(page.text).toContain(`${ada.email}<!-- --> is verified`);

    // Opened again: still verified, nothing else changes.
    expect((await follow(server, link)).location).toBe("/verify-email");
  });

  it("escapes a name that is markup in the HTML part", async () => {
    const name = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    const email = uniqueEmail("markup");
    const res = await call(server, "POST", "/api/auth/sign-up/email", {
      json: { name, email, password: "long enough password" },
      headers: { origin: server.url },
    });
    expect(res.status).toBe(200);
    const mail = await smtp.waitFor(email);
    expect(mail.html).not.toMatch(/<script|<img/i);
    expect(mail.html).toContain("Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;,");
    expect(mail.text).toContain(`Hello ${name},`);
  });
});

describe("sending it again", () => {
  it("mails a new link to the session's own address, and refuses once verified", async () => {
    const bea = await signUp(server, "Bea");
    await verificationMail(bea);
    const res = await resendVerification(server, bea.email, { user: bea });
    expect([res.status, res.body]).toEqual([200, { status: true }]);
    const second = await verificationMail(bea, 1);
    expect(smtp.to(bea.email)).toHaveLength(2);

    const opened = await follow(server, linkIn(second, "/api/auth/verify-email"));
    expect(opened.location).toBe("/verify-email");
    expect((await sessionUser(server, bea.cookie))!.emailVerified).toBe(true);

    const again = await resendVerification(server, bea.email, { user: bea });
    expect([again.status, again.body]).toEqual([400, { code: "EMAIL_ALREADY_VERIFIED", message: "Email is already verified" }]);
  });

  it("refuses another address than the session's", async () => {
    const cy = await signUp(server, "Cy");
    const res = await resendVerification(server, uniqueEmail("other"), { user: cy });
    expect([res.status, res.body]).toEqual([400, { code: "EMAIL_MISMATCH", message: "Email mismatch" }]);
  });

  it("signed out, answers the same for an unverified account, a verified one and no account", async () => {
    const dee = await signUp(server, "Dee");
    await verificationMail(dee);
    const answers = [];
    for (const email of [dee.email, uniqueEmail("nobody")]) {
      const res = await resendVerification(server, email);
      answers.push([res.status, res.body]);
    }
    expect(answers).toEqual([
      [200, { status: true }],
      [200, { status: true }],
    ]);
    await verificationMail(dee, 1);
  });
});

describe("a link that does not verify", () => {
  const verifyUrl = (token: string) => `${server.url}/api/auth/verify-email?token=${encodeURIComponent(token)}&callbackURL=%2Fverify-email`;

  it("a forged token lands on /verify-email?error=INVALID_TOKEN, and the page says so", async () => {
    const opened = await follow(server, verifyUrl("not.a.token"));
    expect([opened.status, opened.location, opened.cookie]).toEqual([302, "/verify-email?error=INVALID_TOKEN", undefined]);
    const page = await call(server, "GET", "/verify-email?error=INVALID_TOKEN");
    expect(page.text).toContain("This verification link is not valid.");
  });

  it("an expired one (signed with the server's secret) lands on ?error=TOKEN_EXPIRED, and leaves the address unverified", async () => {
    const eve = await signUp(server, "Eve");
    const expired = await new SignJWT({ email: eve.email, userId: eve.id })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 25 * 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_AUTH_SECRET));
    const opened = await follow(server, verifyUrl(expired));
    expect([opened.status, opened.location]).toEqual([302, "/verify-email?error=TOKEN_EXPIRED"]);
    expect((await sessionUser(server, eve.cookie))!.emailVerified).toBe(false);
    const page = await call(server, "GET", "/verify-email?error=TOKEN_EXPIRED", { headers: { cookie: eve.cookie } });
    expect(page.text).toContain("This verification link has expired.");
    expect(page.text).toContain("Mail me a new link");
  });

  it("the real link's token is good for 24 hours", async () => {
    const fay = await signUp(server, "Fay");
    const token = linkIn(await verificationMail(fay), "/api/auth/verify-email").searchParams.get("token")!;
    const { iat, exp } = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { iat: number; exp: number };
    expect(exp - iat).toBe(24 * 3600);
  });
});

describe("open redirects", () => {
  it("refuses a callbackURL on another origin, on resend, on the link and on sign-up", async () => {
    const gus = await signUp(server, "Gus");
    const resend = await resendVerification(server, gus.email, { user: gus, json: { callbackURL: "https://evil.example/x" } });
    expect([resend.status, resend.body]).toEqual([403, { code: "INVALID_CALLBACK_URL", message: "Invalid callbackURL" }]);

    const token = linkIn(await verificationMail(gus), "/api/auth/verify-email").searchParams.get("token")!;
    const link = `${server.url}/api/auth/verify-email?token=${token}&callbackURL=${encodeURIComponent("https://evil.example/")}`;
    const opened = await follow(server, link);
    expect(opened.status).toBe(403);
    expect(JSON.parse(opened.text)).toEqual({ code: "INVALID_CALLBACK_URL", message: "Invalid callbackURL" });
    expect((await sessionUser(server, gus.cookie))!.emailVerified).toBe(false);

    const signUpRes = await call(server, "POST", "/api/auth/sign-up/email", {
      json: { name: "Hal", email: uniqueEmail("hal"), password: "long enough password", callbackURL: "//evil.example" },
      headers: { origin: server.url },
    });
    expect([signUpRes.status, signUpRes.body]).toEqual([403, { code: "INVALID_CALLBACK_URL", message: "Invalid callbackURL" }]);
  });

  it("a callbackURL on this origin is accepted, and the mail still leads to /verify-email", async () => {
    const ida = await signUp(server, "Ida");
    const res = await resendVerification(server, ida.email, { user: ida, json: { callbackURL: "/somewhere-else" } });
    expect(res.status).toBe(200);
    const mail = await verificationMail(ida, 1);
    expect(linkIn(mail, "/api/auth/verify-email").searchParams.get("callbackURL")).toBe("/verify-email");
  });
});

describe("the sign-in page and the unverified notice", () => {
  it("offers Forgot password? and shows the notice to an unverified account", async () => {
    const home = await call(server, "GET", "/");
    expect(home.text).toContain('href="/forgot-password"');
    const jo = await signUp(server, "Jo");
    const signedIn = await call(server, "GET", "/", { headers: { cookie: jo.cookie } });
    expect(signedIn.text).toContain("Please verify your email address");
  });
});
