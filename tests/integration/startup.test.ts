import { describe, expect, it } from "vitest";
import { startAppServer } from "../support/app-server";

// A production server with a real database must not run on a secret it made up.
describe("start-up configuration checks", () => {
  it.each([
    ["missing", "", /BETTER_AUTH_SECRET is not set/],
    ["too short", "short-secret", /BETTER_AUTH_SECRET is too short/],
  ])("refuses to start in production with DATABASE_URL and the secret %s", async (_name, secret, message) => {
    const start = startAppServer({
      env: { BETTER_AUTH_SECRET: secret, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" },
      readyPath: "/api/health/live",
    });
    await expect(start).rejects.toThrow(/The app server exited \(1\)/);
    await expect(start).rejects.toThrow(message);
  });
});
