import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { call } from "../support/api-client";
import { useAppServer, type Via } from "../support/app-fixture";
import { buildWorld, ghostOf, NAMES, ownCorners, PEOPLE, ROLES, snapshot, type World } from "../support/sharing-world";
import { ROWS, type Ctx, type Expect, type Row } from "./permission-rows";

// Issue 11's permission matrix over real HTTP: every row of permission-rows.ts (endpoint x
// method x target) x {owner, admin, editor, viewer, removed member, stranger} x {cookie,
// JWT}. Each cell asserts the status and the body; a non-member's 404 must be byte for
// byte the answer to the same request with ids that name nothing; after every refusal the
// world (list, members, invitations, tasks, the caller's own task, read back as the owner)
// must be as it was. A cell that changed the world gets a new world for the next one.
//
// Every mismatch is collected, and the test fails once at the end listing all of them, so
// that one run reports every difference between the rights of the issue and the API's.

const { server, users } = useAppServer({
  users: PEOPLE,
  env: { INVITATION_RATE_LIMIT_PER_HOUR: "1000000", MAX_LISTS_PER_USER: "100000", MAX_TASKS_PER_USER: "0" },
});

const VIAS: readonly Via[] = ["cookie", "jwt"];

type Outcome = { status: number; body: unknown; text: string };

/** Why the answer is not the expected one, or undefined when it is. */
function mismatch(expected: Expect, got: Outcome): string | undefined {
  if (got.status !== expected.status) return `expected ${expected.status}, got ${got.status} ${got.text.slice(0, 300)}`;
  try {
    if (expected.check) expected.check(got.body);
    else if (expected.body === undefined) expect(got.text).toBe("");
    else expect(got.body).toEqual(expected.body);
  } catch (error) {
    return `status ${got.status} as expected, body differs: ${(error as Error).message.split("\n").slice(0, 12).join(" ")} got ${got.text.slice(0, 300)}`;
  }
  return undefined;
}

describe("permission matrix", () => {
  it("every endpoint x method x role x credential answers as the rights say, and refusals change nothing", async () => {
    const started = Date.now();
    const corners = await ownCorners(server, users);
    let world: World = await buildWorld(server, users, corners);
    const mismatches: string[] = [];
    let cells = 0;
    let rebuilds = 0;
    let ghostChecks = 0;

    const send = async (row: Row, ctx: Ctx, via: Via): Promise<Outcome> => {
      const { method, path, json } = row.request(ctx);
      const res = await call(server, method, path, { as: { user: ctx.user, via }, json });
      return { status: res.status, body: res.body, text: res.text };
    };

    for (const row of ROWS) {
      for (const role of ROLES) {
        const cell = row.expect[role];
        if (!cell) continue;
        for (const via of VIAS) {
          cells++;
          const name = `${row.endpoint}${row.target ? ` [${row.target}]` : ""} as ${role} by ${via}`;
          const ctx: Ctx = { world, role, user: users[NAMES[role]], users };
          const expected = cell(ctx);
          const before = await snapshot(server, users, world, role);
          const got = await send(row, ctx, via);
          const wrong = mismatch(expected, got);
          if (wrong) mismatches.push(`${name}: ${wrong}`);
          if (expected.hidden) {
            // The same request with ids that name nothing, by the same caller.
            ghostChecks++;
            const ghost = await send(row, { ...ctx, world: ghostOf(world) }, via);
            if (ghost.status !== got.status || ghost.text !== got.text) {
              mismatches.push(`${name}: not the answer for an id that does not exist (${ghost.status} ${ghost.text}) but ${got.status} ${got.text}`);
            }
          }
          const after = await snapshot(server, users, world, role);
          const changed = !isDeepStrictEqual(before, after);
          if (changed && expected.status >= 400) mismatches.push(`${name}: refused (${got.status}) but the data changed`);
          if (changed) {
            // A move took the caller's own task: give them another one.
            if (!isDeepStrictEqual(before.mine, after.mine)) {
              corners.mine[role] = (await call(server, "POST", "/api/tasks", { as: { user: ctx.user, via: "jwt" }, json: { title: `${role}'s own` } })).body;
            }
            world = await buildWorld(server, users, corners, world);
            rebuilds++;
          }
        }
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(
      `[security] permission matrix: ${ROWS.length} rows, ${cells} cells (${ghostChecks} compared with a missing id), ${rebuilds} worlds rebuilt, ${seconds} s; ${mismatches.length} mismatches`,
    );
    for (const m of mismatches) console.info(`[security] mismatch: ${m}`);
    expect(mismatches).toEqual([]);
  }, 300_000);
});

