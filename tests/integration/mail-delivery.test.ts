import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startAppServer, type AppServer } from "../support/app-server";
import { signUp, uniqueEmail } from "../support/api-client";
import { follow, loggedLinks, MAIL_FROM, requestReset, sessionUser, waitForLoggedLink } from "../support/mail-flows";

// Where mail goes without a working SMTP server. Without SMTP_URL (development) each link
// is one log line, with neither the address nor the name; with an SMTP server that is down,
// sign-up and reset requests answer as usual, at once, and the failure is logged by code.

let logOnly: AppServer;
let smtpDown: AppServer;

beforeAll(async () => {
  const closedPort = await freePort(); // nothing listens there
  [logOnly, smtpDown] = await Promise.all([
    startAppServer({ env: { TEST: "" } }),
    startAppServer({ env: { TEST: "", SMTP_URL: `smtp://127.0.0.1:${closedPort}`, MAIL_FROM } }),
  ]);
});
afterAll(() => Promise.all([logOnly?.stop(), smtpDown?.stop()]));

const mailLines = (server: AppServer) =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{") && "mail" in JSON.parse(line))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("without SMTP_URL", () => {
  it("logs the verification link, and only the link: it verifies", async () => {
    const ada = await signUp(logOnly, "Lovelace");
    const link = await waitForLoggedLink(logOnly, "verification");
    const line = mailLines(logOnly).find((l) => l.link === link)!;
    expect(Object.keys(line).sort()).toEqual(["hostname", "level", "link", "mail", "msg", "pid", "time"]);
    expect(line).toMatchObject({ level: "info", mail: "verification", msg: "mail not sent (no SMTP_URL): its link" });
    expect(logOnly.output()).not.toContain(ada.email);
    expect(logOnly.output()).not.toContain("Lovelace");
    expect(new URL(link).pathname).toBe("/api/auth/verify-email");

    expect((await follow(logOnly, link)).location).toBe("/verify-email");
    expect((await sessionUser(logOnly, ada.cookie))!.emailVerified).toBe(true);
  });

  it("logs the reset link, and nothing for an address without an account", async () => {
    const bea = await signUp(logOnly, "Bea");
    const nobody = uniqueEmail("nobody");
    const before = loggedLinks(logOnly, "password-reset").length;
    expect((await requestReset(logOnly, nobody)).status).toBe(200);
    expect((await requestReset(logOnly, bea.email)).status).toBe(200);
    const link = await waitForLoggedLink(logOnly, "password-reset", before + 1);
    expect(loggedLinks(logOnly, "password-reset")).toHaveLength(before + 1);
    expect(new URL(link).searchParams.get("callbackURL")).toBe("/reset-password");
    expect(logOnly.output()).not.toContain(bea.email);
    expect(logOnly.output()).not.toContain(nobody);
  });
});

describe("with the SMTP server down", () => {
  it("signs up at once, and logs the failure by code", async () => {
    const started = Date.now();
    const cy = await signUp(smtpDown, "Cy");
    expect(Date.now() - started).toBeLessThan(5_000);
    const deadline = Date.now() + 10_000;
    while (!mailLines(smtpDown).some((l) => l.msg === "mail not sent: the SMTP server failed") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const failure = mailLines(smtpDown).find((l) => l.msg === "mail not sent: the SMTP server failed")!;
    expect(failure).toMatchObject({ level: "warn", mail: "verification", code: "ESOCKET" });
    expect(smtpDown.output()).not.toContain(cy.email);
    expect((await sessionUser(smtpDown, cy.cookie))!.emailVerified).toBe(false);
  });

  it("answers a reset request as always, for an account or not", async () => {
    const dee = await signUp(smtpDown, "Dee");
    const known = await requestReset(smtpDown, dee.email);
    const unknown = await requestReset(smtpDown, uniqueEmail("nobody"));
    expect([known.status, known.body]).toEqual([unknown.status, unknown.body]);
    expect(known.status).toBe(200);
  });
});
