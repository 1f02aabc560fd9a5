import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueEmail } from "../support/api-client";
import { startAppServer, type AppServer } from "../support/app-server";
import { requestReset, resendVerification } from "../support/mail-flows";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server";

// The requests that send mail, limited per target email whatever the client's address (so
// nobody can bury an inbox by rotating X-Forwarded-For), and per client IP like the other
// credential routes. The per-email limit counts addresses with and without an account alike.

let smtp: TestSmtpServer;
let server: AppServer;

// Addresses no other run uses (the counters may live in a shared Redis).
const [blockA, blockB] = [randomInt(256), randomInt(64) * 4];
let nextIp = 1;
const freshIp = () => {
  const n = nextIp++;
  return `10.${blockA}.${blockB + (n >> 8)}.${n & 255}`;
};

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startAppServer({
    env: { TEST: "", AUTH_RATE_LIMIT: "on", TRUSTED_IP_HEADER: "x-forwarded-for", SMTP_URL: smtp.url, MAIL_FROM: "tasks@example.test" },
  });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

const RESET_REFUSAL = { code: "TOO_MANY_PASSWORD_RESET_REQUESTS", message: "Too many password reset requests for this email. Try again later." };
const VERIFY_REFUSAL = { code: "TOO_MANY_VERIFICATION_EMAILS", message: "Too many verification emails for this address. Try again later." };

describe.each([
  ["request-password-reset", RESET_REFUSAL, (email: string, ip: string) => requestReset(server, email, {}, { "x-forwarded-for": ip })],
  ["send-verification-email", VERIFY_REFUSAL, (email: string, ip: string) => resendVerification(server, email, { headers: { "x-forwarded-for": ip } })],
])("POST /api/auth/%s", (_path, refusal, ask) => {
  it("takes 5 per hour for one email from any number of addresses, then refuses with 429", async () => {
    const email = uniqueEmail("victim");
    for (let i = 0; i < 5; i++) expect((await ask(email, freshIp())).status).toBe(200);
    const refused = await ask(email.toUpperCase(), freshIp());
    expect([refused.status, refused.body]).toEqual([429, refusal]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3500);
    expect(refused.headers.get("ratelimit-limit")).toBe("5");
    // Another address is not affected.
    expect((await ask(uniqueEmail("bystander"), freshIp())).status).toBe(200);
  });

  it("takes 5 a minute from one client address, then refuses with 429", async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await ask(uniqueEmail("sweep"), ip)).status).toBe(200);
    const refused = await ask(uniqueEmail("sweep"), ip);
    expect([refused.status, refused.body]).toEqual([429, { code: "RATE_LIMITED", message: "Too many requests. Please try again later." }]);
  });
});
