import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { freePort, startAppServer, type AppServer } from "../support/app-server";
import { problems } from "../support/problems";

describe("with a database", () => {
  const { server } = useAppServer();

  it("is ready: /api/health makes a database round trip", async () => {
    const res = await call(server, "GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: "ok" });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("is live: /api/health/live", async () => {
    const res = await call(server, "GET", "/api/health/live");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("sends no X-Powered-By and marks API responses nosniff", async () => {
    const res = await call(server, "GET", "/api/tasks");
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("when the database does not answer", () => {
  // Not the fixture: the dead database's port is only known once the suite runs.
  let server: AppServer;
  beforeAll(async () => {
    // A port nothing listens on: every connection is refused at once.
    const dead = `postgres://nobody@127.0.0.1:${await freePort()}/nowhere`;
    server = await startAppServer({ env: { DATABASE_URL: dead }, readyPath: "/api/health/live" });
  });
  afterAll(() => server?.stop());

  it("is live but not ready: 503 problem with Retry-After", async () => {
    expect((await call(server, "GET", "/api/health/live")).status).toBe(200);
    const res = await call(server, "GET", "/api/health");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.body).toEqual(problems.unavailable("The database is not answering."));
    expect(res.text).not.toMatch(/ECONNREFUSED|postgres|127\\.0\\.0\\.1/);
  });

  it("answers task requests with 503, never a 500 or a hang", async () => {
    const res = await call(server, "GET", "/api/tasks", { headers: { authorization: "Bearer x.y.z" } });
    expect(res.status).toBe(503);
    expect(res.body).toEqual(problems.unavailable("The database is not answering; try again shortly."));
  });

  it("cannot sign up, and says so with a 503 problem, not a bare 500", async () => {
    const res = await call(server, "POST", "/api/auth/sign-up/email", {
      headers: { origin: server.url },
      json: { name: "Erin", email: "erin@example.com", password: "password123" },
    });
    expect(res.status).toBe(503);
    expect(res.body).toEqual(problems.unavailable("The database is not answering; try again shortly."));
  });
});
