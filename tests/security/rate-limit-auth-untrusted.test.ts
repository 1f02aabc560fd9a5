import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, signUp, uniqueEmail } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";

// The limiter on, but no TRUSTED_IP_HEADER: the server cannot tell clients apart, so there
// is no per-IP limit (one bucket shared by every client would let any of them lock
// everyone out), and the limits per account still hold: sign-in, the password checks of
// a signed-in account, sign-up per email.

const { server } = useAppServer({ env: { AUTH_RATE_LIMIT: "on" } });

const wrong = () => `wrong-${randomBytes(4).toString("hex")}`;

describe("without a trusted IP header", () => {
  it.each([
    ["one forged X-Forwarded-For", { "x-forwarded-for": "203.0.113.1" }],
    ["none (next start fills in the socket's address)", {}],
  ])("no per-IP limit, whatever the client sends: %s", async (_name, headers: Record<string, string>) => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await call(server, "POST", "/api/auth/sign-up/email", {
        headers: { origin: server.url, ...headers },
        json: { name: "Mallory", email: uniqueEmail("Mallory"), password: `pw-${randomBytes(8).toString("hex")}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(8).fill(200));
  });

  it("sign-in is still limited per account: 5 attempts, then 429 with the headers", async () => {
    const victim = await signUp(server, "Victim");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(server, "POST", "/api/auth/sign-in/email", {
        headers: { origin: server.url, "x-forwarded-for": `198.51.100.${i}` },
        json: { email: victim.email, password: wrong() },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const res = await call(server, "POST", "/api/auth/sign-in/email", {
      headers: { origin: server.url },
      json: { email: victim.email, password: victim.password },
    });
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      code: "TOO_MANY_SIGN_IN_ATTEMPTS",
      message: "Too many sign-in attempts for this account. Try again later.",
    });
    expect(res.headers.get("ratelimit-limit")).toBe("5");
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(800);
  });

  it("a stolen session's password checks are limited per account: 5 wrong, then 429 for the right one too", async () => {
    const victim = await signUp(server, "Victim");
    const verify = (password: string) =>
      call(server, "POST", "/api/auth/verify-password", { as: { user: victim, via: "cookie" }, json: { password } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await verify(wrong())).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    const res = await verify(victim.password);
    expect([res.status, res.body]).toEqual([
      429,
      { code: "TOO_MANY_PASSWORD_ATTEMPTS", message: "Too many password attempts for this account. Try again later." },
    ]);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(800);
  });

  it("sign-up is limited per email: 5 attempts an hour, then 429", async () => {
    const email = uniqueEmail("target");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(server, "POST", "/api/auth/sign-up/email", {
        headers: { origin: server.url },
        json: { name: "Mallory", email, password: `pw-${randomBytes(8).toString("hex")}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 422, 422, 422, 422, 429]);
  });
});
