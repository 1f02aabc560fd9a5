import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestUser } from "../support/api-client";
import { freePort, startAppServer, type AppServer } from "../support/app-server";
import { contractRun, type ResponseKey } from "../support/contract-coverage";
import { describeAttachmentRoutes } from "./contract/attachments";
import { describeAuthAndService } from "./contract/auth-and-service";
import { describeHistoryRoutes } from "./contract/history";
import { describeListRoutes } from "./contract/lists";
import { describeRefusals } from "./contract/refusals";
import { describeTagRoutes } from "./contract/tags";
import { describeTaskRoutes } from "./contract/tasks";

// Real responses over real HTTP against /api/openapi.json: each request gets the status it
// should, and the response is one the document allows for that operation (status
// documented, body valid against the declared schema and media type, required headers
// there). The last test checks that every (method, path, status) the document declares
// came back from a server at least once, bar the exemptions below.

/**
 * Documented responses no test here produces, each with the reason. Keep it tiny: a
 * status that cannot happen belongs out of the document, not in this table.
 */
const EXEMPT: Partial<Record<ResponseKey, string>> = {};

let main: AppServer;
let limited: AppServer;
let down: AppServer;
let alice: TestUser;

beforeAll(async () => {
  // Vitest sets TEST=true, and a server that inherits it runs Better Auth in its test mode,
  // without the Origin check on /api/auth; these servers answer as production does.
  const production = { TEST: "" };
  // Each assigned as it starts, so that afterAll stops the ones that did.
  await Promise.all([
    startAppServer({ env: production }).then((s) => (main = s)),
    startAppServer({
      env: { ...production, API_RATE_LIMIT_PER_MINUTE: "1", AUTH_RATE_LIMIT: "on", TRUSTED_IP_HEADER: "x-forwarded-for" },
    }).then((s) => (limited = s)),
    // Nothing listens there: every request that needs the database is refused at once.
    freePort()
      .then((port) =>
        startAppServer({ env: { ...production, DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none` }, readyPath: "/api/health/live" }),
      )
      .then((s) => (down = s)),
  ]);
  alice = await signUp(main, "Alice");
});
afterAll(() => Promise.all([main?.stop(), limited?.stop(), down?.stop()]));

const run = contractRun();
const ctx = { check: run.check, main: () => main, alice: () => alice, limited: () => limited, down: () => down };

describeTaskRoutes(ctx);
describeListRoutes(ctx);
describeAttachmentRoutes(ctx);
describeHistoryRoutes(ctx);
describeTagRoutes(ctx);
describeAuthAndService(ctx);
describeRefusals(ctx);

describe("coverage", () => {
  it("produced every documented response of every operation", () => {
    expect(run.unexercised(Object.keys(EXEMPT) as ResponseKey[])).toEqual([]);
  });
});
