import { describe, expect, it } from "vitest";
import { accountKey, ACCOUNT_LIMITS, ACCOUNT_SIGN_IN_RULE, authPath, authRuleFor, DEFAULT_AUTH_RULE } from "@/lib/rate-limit/auth-rules";
import { rateLimitHeaders, refusalHeaders } from "@/lib/rate-limit/headers";

const CREDENTIALS = { window: 60, max: 5 };

describe("authRuleFor", () => {
  it.each([
    ["/sign-in/email", CREDENTIALS],
    ["/sign-in/social", CREDENTIALS],
    ["/sign-up/email", CREDENTIALS],
    ["/SIGN-UP/email", CREDENTIALS],
    ["/change-password", CREDENTIALS],
    ["/set-password", CREDENTIALS],
    ["/reset-password", CREDENTIALS],
    ["/reset-password/abc", CREDENTIALS],
    ["/request-password-reset", CREDENTIALS],
    ["/forget-password", CREDENTIALS],
    ["/verify-password", CREDENTIALS],
    ["/change-email", CREDENTIALS],
    ["/delete-user", CREDENTIALS],
    ["/delete-user/callback", CREDENTIALS],
    ["/send-verification-email", CREDENTIALS],
    ["/verify-email", DEFAULT_AUTH_RULE],
    ["/get-session", DEFAULT_AUTH_RULE],
    ["/token", DEFAULT_AUTH_RULE],
    ["/jwks", DEFAULT_AUTH_RULE],
    ["/sign-out", DEFAULT_AUTH_RULE],
    ["/sign-inx", DEFAULT_AUTH_RULE],
    ["/", DEFAULT_AUTH_RULE],
  ])("%s", (path, rule) => {
    expect(authRuleFor(path)).toStrictEqual(rule);
  });

  it("allows 5 sign-ins per account per 15 minutes, Better Auth's 100 per 10 s elsewhere", () => {
    expect(ACCOUNT_SIGN_IN_RULE).toStrictEqual({ window: 900, max: 5 });
    expect(DEFAULT_AUTH_RULE).toStrictEqual({ window: 10, max: 100 });
  });
});

describe("authPath", () => {
  it.each([
    ["http://x/api/auth/sign-in/email", "/sign-in/email"],
    ["http://x/api/auth/sign-in/email/", "/sign-in/email"],
    ["http://x/api/auth/sign-in/email?x=1", "/sign-in/email"],
    ["http://x/api/auth", "/"],
    ["http://x/api/auth/", "/"],
    ["http://x/elsewhere", "/elsewhere"],
  ])("%s -> %s", (url, path) => {
    expect(authPath(url)).toBe(path);
  });
});

describe("accountKey", () => {
  it("is the same for every spelling Better Auth treats as one account", () => {
    const key = accountKey("alice@example.com");
    expect(key).toMatch(/^sign-in:[A-Za-z0-9_-]{43}$/);
    expect(accountKey("ALICE@Example.com")).toBe(key);
    expect(accountKey("  alice@example.com ")).toBe(key);
    expect(accountKey("bob@example.com")).not.toBe(key);
  });

  it("keeps no address in the key", () => {
    expect(accountKey("alice@example.com")).not.toContain("alice");
  });

  it.each([undefined, null, 42, {}, ["a@b.c"], "", "   "])("has nothing to count for %j", (email) => {
    expect(accountKey(email)).toBeNull();
  });
});

describe("rate-limit headers", () => {
  it("says where the caller stands", () => {
    expect(rateLimitHeaders({ limit: 600, remaining: 599, resetSeconds: 1 })).toStrictEqual({
      "RateLimit-Limit": "600",
      "RateLimit-Remaining": "599",
      "RateLimit-Reset": "1",
    });
  });

  it("never goes below zero", () => {
    expect(rateLimitHeaders({ limit: 5, remaining: -3, resetSeconds: -1 })).toStrictEqual({
      "RateLimit-Limit": "5",
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": "0",
    });
  });

  it.each([
    [12, "12"],
    [0.2, "1"],
    [0, "1"],
    [11.1, "12"],
  ])("a refusal retries after %s s as %s (whole seconds, at least one)", (retryAfter, header) => {
    expect(refusalHeaders({ limit: 5, remaining: 0, resetSeconds: 60 }, retryAfter)).toStrictEqual({
      "Retry-After": header,
      "RateLimit-Limit": "5",
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": "60",
    });
  });
});

describe("ACCOUNT_LIMITS", () => {
  const byPath = (path: string) => ACCOUNT_LIMITS.find((limit) => limit.paths.includes(path))!;

  it("counts sign-in per email, the three password checks on one counter per user, sign-up and mails per email", () => {
    expect(ACCOUNT_LIMITS.map((l) => [l.paths, l.by, l.rule, l.refundsSuccess])).toStrictEqual([
      [["/sign-in/email"], "email", { window: 900, max: 5 }, true],
      [["/change-password", "/delete-user", "/verify-password"], "user", { window: 900, max: 5 }, true],
      [["/sign-up/email"], "email", { window: 3600, max: 5 }, false],
      [["/request-password-reset"], "email", { window: 3600, max: 5 }, false],
      [["/send-verification-email"], "email", { window: 3600, max: 5 }, false],
    ]);
  });

  it("keys sign-up on the email as Better Auth stores it, apart from sign-in's counter", () => {
    const signUp = byPath("/sign-up/email");
    const key = signUp.key("alice@example.com");
    expect(key).toMatch(/^sign-up:[A-Za-z0-9_-]{43}$/);
    expect(signUp.key(" ALICE@example.com ")).toBe(key);
    expect(key).not.toBe(accountKey("alice@example.com"));
    expect(signUp.key("")).toBeNull();
  });

  it("keys each kind of mail on the target email, apart from each other", () => {
    const reset = byPath("/request-password-reset").key(" Alice@example.com");
    const verify = byPath("/send-verification-email").key("alice@example.com");
    expect(reset).toMatch(/^password-reset:[A-Za-z0-9_-]{43}$/);
    expect(verify).toMatch(/^verification-email:[A-Za-z0-9_-]{43}$/);
    expect(byPath("/request-password-reset").key("alice@example.com")).toBe(reset);
  });

  it("keys the password checks on the user id, none without one", () => {
    const checks = byPath("/verify-password");
    expect(checks.key("u-1")).toBe("password-check:u-1");
    expect(checks.key(undefined)).toBeNull();
    expect(checks.key("")).toBeNull();
  });
});
