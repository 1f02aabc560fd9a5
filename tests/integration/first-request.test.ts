import { afterEach, describe, expect, it } from "vitest";
import { call, uniqueEmail } from "../support/api-client";
import { startAppServer, type AppServer } from "../support/app-server";

// What a newcomer sees first: `npm start` on an empty database (a fresh PGlite folder, or
// an empty PostgreSQL database), and the very first request is the one that finds the
// migrations still to run. It waits for them and succeeds; it is never a 503. On PGlite a
// fresh folder takes seconds to set up, longer than the readiness ping's own bound.

let server: AppServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

// Polling the liveness probe touches no database, so the request below is the first one.
const fresh = () => startAppServer({ fresh: true, readyPath: "/api/health/live" });

// Each test starts its own server on an empty database: seconds of set-up on a busy machine.
describe("the first request on an empty database", { timeout: 90_000 }, () => {
  it("GET /api/health waits for the migrations and answers 200", async () => {
    server = await fresh();
    const res = await call(server, "GET", "/api/health");
    expect([res.status, res.body]).toEqual([200, { status: "ok", database: "ok" }]);
  });

  it("a sign-up waits for them too, and then the page and the API work", async () => {
    server = await fresh();
    const email = uniqueEmail("first");
    const signUp = await call(server, "POST", "/api/auth/sign-up/email", {
      headers: { origin: server.url },
      json: { name: "First", email, password: "correct horse battery" },
    });
    expect(signUp.status, signUp.text).toBe(200);
    expect(signUp.body.user).toMatchObject({ name: "First", email });
    const page = await call(server, "GET", "/");
    expect(page.status).toBe(200);
    expect(page.text).toContain("<html");
  });
});
