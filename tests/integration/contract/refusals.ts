import { beforeAll, describe, it } from "vitest";
import { call, signUp, uniqueEmail, type CallOptions, type TestUser } from "../../support/api-client";
import { documentedStatuses } from "../../support/contract-coverage";
import { asUser, SIGNED_IN_OPERATIONS, type ContractContext, type TaskOperation } from "./context";

// The refusals every task operation shares, asked of each operation that documents them:
// a body that is not JSON, no credentials, a cookie from another origin, a body too large,
// the wrong media type, an exhausted quota (429) and a database that is down (503).

type Recipe = { name: string; applies?: (op: TaskOperation) => boolean; options: (op: TaskOperation) => CallOptions };

const evil = { origin: "https://evil.example" };
const rawJson = (body: string) => ({ headers: { "content-type": "application/json" }, body });

export function describeRefusals(ctx: ContractContext) {
  const alice = () => ctx.alice();
  const RECIPES: Record<number, Recipe> = {
    400: { name: "malformed JSON", applies: (op) => op.json !== undefined, options: () => ({ ...asUser(alice()), ...rawJson('{"title":') }) },
    401: { name: "no credentials", options: (op) => ({ json: op.json }) },
    // A read through a cookie from another origin is answered (only changes are refused).
    403: { name: "a cookie from another origin", applies: (op) => op.method !== "GET", options: (op) => ({ ...asUser(alice(), "cookie"), json: op.json, headers: evil }) },
    413: {
      name: "a body one byte over the limit",
      applies: (op) => op.maxBytes !== undefined,
      // A JSON string of maxBytes - 1 characters and its quotes: maxBytes + 1 bytes.
      options: (op) => ({ ...asUser(alice()), ...rawJson(`"${"x".repeat(op.maxBytes! - 1)}"`) }),
    },
    415: {
      name: "text/plain",
      applies: (op) => op.json !== undefined,
      options: (op) => ({ ...asUser(alice()), headers: { "content-type": "text/plain" }, body: JSON.stringify(op.json) }),
    },
  };

  describe("what every task and list operation refuses", () => {
    const cases = SIGNED_IN_OPERATIONS.flatMap((op) =>
      documentedStatuses(op.method, op.template)
        .filter((status) => RECIPES[status] && (RECIPES[status].applies?.(op) ?? true))
        .map((status) => [`${op.method} ${op.template}: ${status}, ${RECIPES[status]!.name}`, op, status] as const),
    );
    it.each(cases)("%s", async (_name, op, status) => {
      await ctx.check(ctx.main(), status, op.method, op.template, op.path, RECIPES[status]!.options(op));
    });
  });

  describe("429: over the quota", () => {
    let quinn: TestUser;
    beforeAll(async () => {
      quinn = await signUp(ctx.limited(), "Quinn");
    });

    it("every task operation, once the minute's one request is spent", async () => {
      await ctx.check(ctx.limited(), 200, "GET", "/api/tasks", "/api/tasks", asUser(quinn));
      for (const op of SIGNED_IN_OPERATIONS.filter((o) => documentedStatuses(o.method, o.template).includes(429))) {
        await ctx.check(ctx.limited(), 429, op.method, op.template, op.path, { ...asUser(quinn), json: op.json });
      }
    });

    // Five sign-ups and five sign-ins a minute per client IP (lib/rate-limit/auth-rules.ts).
    it.each([
      ["/api/auth/sign-up/email", () => ({ name: "Mallory", email: uniqueEmail("mallory"), password: "long enough password" })],
      ["/api/auth/sign-in/email", () => ({ email: uniqueEmail("nobody"), password: "not a password" })],
      ["/api/auth/request-password-reset", () => ({ email: uniqueEmail("nobody") })],
      ["/api/auth/reset-password", () => ({ token: "not a token", newPassword: "long enough password" })],
      ["/api/auth/send-verification-email", () => ({ email: uniqueEmail("nobody") })],
    ])("POST %s: the sixth try from one address", async (path, body) => {
      const limited = ctx.limited();
      const headers = { origin: limited.url, "x-forwarded-for": `10.${Math.floor(Math.random() * 250)}.0.${path.length}` };
      for (let i = 0; i < 5; i++) await call(limited, "POST", path, { json: body(), headers });
      await ctx.check(limited, 429, "POST", path, path, { json: body(), headers });
    });

    // Five wrong passwords per account in 15 minutes on the password checks, from any address.
    it("POST /api/auth/delete-user: the sixth wrong password for one account", async () => {
      const limited = ctx.limited();
      const victim = await signUp(limited, "Victim");
      const attempt = (n: number) => ({
        json: { password: `not the password ${n}` },
        headers: { origin: limited.url, cookie: victim.cookie, "x-forwarded-for": `10.${n}.${Math.floor(Math.random() * 250)}.7` },
      });
      for (let i = 0; i < 5; i++) await call(limited, "POST", "/api/auth/delete-user", attempt(i));
      await ctx.check(limited, 429, "POST", "/api/auth/delete-user", "/api/auth/delete-user", attempt(5));
    });
  });

  describe("503: the database is down", () => {
    const bearer = { headers: { authorization: "Bearer x.y.z" } };
    const down = () => ctx.down();
    const withOrigin = (json: unknown) => ({ json, headers: { origin: down().url } });
    const session = (json?: unknown) => ({ json, headers: { origin: down().url, cookie: "better-auth.session_token=whatever" } });

    it.each(SIGNED_IN_OPERATIONS.map((op) => [`${op.method} ${op.template}`, op] as const))("%s", async (_name, op) => {
      await ctx.check(down(), 503, op.method, op.template, op.path, { ...bearer, json: op.json });
    });

    it.each<[string, string, () => CallOptions]>([
      ["POST", "/api/auth/sign-up/email", () => withOrigin({ name: "Nina", email: uniqueEmail("nina"), password: "long enough password" })],
      ["POST", "/api/auth/sign-in/email", () => withOrigin({ email: uniqueEmail("nina"), password: "long enough password" })],
      ["POST", "/api/auth/sign-out", () => session({})],
      ["POST", "/api/auth/delete-user", () => session({ password: "long enough password" })],
      ["POST", "/api/auth/request-password-reset", () => withOrigin({ email: uniqueEmail("nina") })],
      ["POST", "/api/auth/reset-password", () => withOrigin({ token: "not a token", newPassword: "long enough password" })],
      ["POST", "/api/auth/send-verification-email", () => withOrigin({ email: uniqueEmail("nina") })],
      ["GET", "/api/auth/token", () => session()],
      ["GET", "/api/auth/jwks", () => ({})],
      ["GET", "/api/health", () => ({})],
    ])("%s %s", async (method, path, options) => {
      await ctx.check(down(), 503, method, path, path, options());
    });
  });
}

