import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi/document";
import { call, createTask, signUp, uniqueEmail, type CallOptions } from "../../support/api-client";
import { loggedLinks, waitForLoggedLink } from "../../support/mail-flows";
import { asUser, onMainServer, type ContractContext } from "./context";

// Better Auth's endpoints, the service's probes and document, and the summary, on the
// main server.

export function describeAuthAndService(ctx: ContractContext) {
  const main = onMainServer(ctx);
  const { check, asAlice } = main;
  const task = () => createTask(main.server, main.alice, { title: "Contract" });

  describe("auth", () => {
    const origin = () => ({ origin: main.server.url });

    const evil = { origin: "https://evil.example" };

    it("signs up, refuses the same email, a short password and a foreign origin", async () => {
      const email = uniqueEmail("carol");
      const body = { name: "Carol", email, password: "long enough password" };
      await check(200, "POST", "/api/auth/sign-up/email", "/api/auth/sign-up/email", { json: body, headers: origin() });
      await check(422, "POST", "/api/auth/sign-up/email", "/api/auth/sign-up/email", { json: body, headers: origin() });
      await check(400, "POST", "/api/auth/sign-up/email", "/api/auth/sign-up/email", {
        json: { ...body, email: uniqueEmail("dave"), password: "short" },
        headers: origin(),
      });
      await check(403, "POST", "/api/auth/sign-up/email", "/api/auth/sign-up/email", { json: { ...body, email: uniqueEmail("dan") }, headers: evil });
    });

    it("refuses a body over the limit on every Better Auth operation that takes one", async () => {
      const big = { json: { pad: "x".repeat(17 * 1024) } };
      for (const path of [
        "/api/auth/sign-up/email",
        "/api/auth/sign-in/email",
        "/api/auth/sign-out",
        "/api/auth/delete-user",
        "/api/auth/request-password-reset",
        "/api/auth/reset-password",
        "/api/auth/send-verification-email",
      ]) {
        await check(413, "POST", path, path, { ...big, headers: origin() });
      }
    });

    it("signs in, refuses a bad email, a wrong password and a foreign origin", async () => {
      const path = "/api/auth/sign-in/email";
      await check(200, "POST", path, path, { json: { email: main.alice.email, password: main.alice.password }, headers: origin() });
      await check(400, "POST", path, path, { json: { email: "not an email", password: "wrong password" }, headers: origin() });
      await check(401, "POST", path, path, { json: { email: main.alice.email, password: "wrong password" }, headers: origin() });
      await check(403, "POST", path, path, { json: { email: main.alice.email, password: main.alice.password }, headers: evil });
    });

    // The main server has no SMTP_URL: the links it would mail are in its log.
    it("asks for a password reset, refuses a bad email and a foreign redirectTo", async () => {
      const path = "/api/auth/request-password-reset";
      await check(200, "POST", path, path, { json: { email: uniqueEmail("nobody"), redirectTo: "/reset-password" }, headers: origin() });
      await check(400, "POST", path, path, { json: { email: "not an email" }, headers: origin() });
      await check(403, "POST", path, path, { json: { email: main.alice.email, redirectTo: "https://evil.example/" }, headers: origin() });
    });

    it("resets a password with the link's token, and refuses a used one", async () => {
      const gail = await signUp(main.server, "Gail");
      const before = loggedLinks(main.server, "password-reset").length;
      await call(main.server, "POST", "/api/auth/request-password-reset", { json: { email: gail.email }, headers: origin() });
      const token = new URL(await waitForLoggedLink(main.server, "password-reset", before + 1)).pathname.split("/").pop()!;
      const path = "/api/auth/reset-password";
      await check(200, "POST", path, path, { json: { token, newPassword: "a new long password" }, headers: origin() });
      await check(400, "POST", path, path, { json: { token, newPassword: "a newer long password" }, headers: origin() });
    });

    it("mails a verification link, refuses another address than the session's and a foreign callbackURL", async () => {
      const hank = await signUp(main.server, "Hank");
      const path = "/api/auth/send-verification-email";
      await check(200, "POST", path, path, { ...asUser(hank, "cookie"), json: { email: hank.email } });
      await check(400, "POST", path, path, { ...asUser(hank, "cookie"), json: { email: uniqueEmail("other") } });
      await check(403, "POST", path, path, { ...asUser(hank, "cookie"), json: { email: hank.email, callbackURL: "https://evil.example/" } });
    });

    it("hands out a JWT for a session only, and the keys to check it", async () => {
      const res = await check(200, "GET", "/api/auth/token", "/api/auth/token", asAlice("cookie"));
      const [, payload] = (res.body.token as string).split(".");
      expect(Object.keys(JSON.parse(Buffer.from(payload!, "base64url").toString())).sort()).toEqual(["aud", "exp", "iat", "iss", "sub"]);
      await check(401, "GET", "/api/auth/token", "/api/auth/token");
      await check(200, "GET", "/api/auth/jwks", "/api/auth/jwks");
    });

    it("signs out, and refuses a sign-out without a JSON body or from a foreign origin", async () => {
      const frank = await signUp(main.server, "Frank");
      const asFrank = asUser(frank, "cookie");
      const path = "/api/auth/sign-out";
      await check(400, "POST", path, path, { ...asFrank, headers: { "content-type": "application/json" } });
      await check(415, "POST", path, path, { ...asFrank, headers: { "content-type": "text/plain" }, body: "{}" });
      await check(403, "POST", path, path, { ...asFrank, json: {}, headers: evil });
      await check(200, "POST", path, path, { ...asFrank, json: {} });
    });

    it("deletes an account, with its password, from the app's own origin", async () => {
      const erin = await signUp(main.server, "Erin");
      const asErin = asUser(erin, "cookie");
      const path = "/api/auth/delete-user";
      await check(401, "POST", path, path, { json: { password: erin.password }, headers: origin() });
      await check(403, "POST", path, path, { ...asErin, json: { password: erin.password }, headers: evil });
      await check(400, "POST", "/api/auth/delete-user", "/api/auth/delete-user", { ...asErin, json: { password: "not erin's" } });
      await check(200, "POST", "/api/auth/delete-user", "/api/auth/delete-user", { ...asErin, json: { password: erin.password } });
    });
  });

  describe("the service", () => {
    it("answers the probes", async () => {
      await check(200, "GET", "/api/health", "/api/health");
      await check(200, "GET", "/api/health/live", "/api/health/live");
    });

    it("serves the document it is checked against", async () => {
      const res = await check(200, "GET", "/api/openapi.json", "/api/openapi.json");
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(res.headers.get("cache-control")).toBe("public, max-age=300");
      expect(res.body).toStrictEqual(JSON.parse(JSON.stringify(openApiDocument())));
    });

    it("serves the reference at /docs, and its script from this origin", async () => {
      const page = await call(main.server, "GET", "/docs");
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const src = /<script src="(\/docs\/scalar\.js\?v=[^"]+)"/.exec(page.text)![1]!;
      const script = await fetch(main.server.url + src);
      expect(script.status).toBe(200);
      expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect((await script.text()).length).toBeGreaterThan(1_000_000);
    });
  });

  describe("the summary", () => {
    it("GET /api/tasks/summary: counts, in a time zone, and refuses an unknown one", async () => {
      await task();
      await check(200, "GET", "/api/tasks/summary", "/api/tasks/summary", asAlice());
      await check(200, "GET", "/api/tasks/summary", "/api/tasks/summary?tz=Europe/Paris", asAlice());
      await check(400, "GET", "/api/tasks/summary", "/api/tasks/summary?tz=Mars/Olympus", asAlice());
      await check(401, "GET", "/api/tasks/summary", "/api/tasks/summary");
      await check(404, "GET", "/api/tasks/summary", `/api/tasks/summary?listId=${crypto.randomUUID()}`, asAlice());
    });
  });
}
