import { DrizzleQueryError } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseBusyError } from "@/db/pool-gate";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/http/to-app-error";
import { captureLog } from "./capture-log";

// What toAppError logs: the class, code and statement of a failure, its stack frames,
// and never the SQL parameters (user data) that Drizzle and PostgreSQL put in messages.

const SECRET = "Secret title of Alice";
const pgError = (code: string, message = `invalid input syntax for type uuid: "${SECRET}"`) =>
  new postgres.PostgresError({ message, code } as never);
const drizzleWrapped = (cause: Error, params: unknown[] = [SECRET, "alice@example.com"]) =>
  new DrizzleQueryError('update "tasks" set "title" = $1 where "tasks"."user_id" = $2', params, cause);

let log: ReturnType<typeof captureLog>;
beforeEach(() => {
  log = captureLog();
});
afterEach(() => log.restore());

const everything = () => log.raw.join("");

describe("toAppError's log lines", () => {
  it("an unexpected database error: one error line with class, code, statement and frames, no parameter", () => {
    toAppError(drizzleWrapped(pgError("42601")), "req-1");
    expect(log.lines).toHaveLength(1);
    const [line] = log.lines;
    expect(line).toMatchObject({
      level: "error",
      msg: "unexpected error",
      requestId: "req-1",
      errors: ["DrizzleQueryError", "PostgresError"],
      code: "42601",
      statement: "update tasks",
    });
    expect(line!.stack).toMatch(/^ {4}at /);
    expect(line!.message).toBeUndefined();
    expect(everything()).not.toMatch(/Secret title|alice@example|Failed query|invalid input syntax|set "title"/);
  });

  it("a parameter that looks like a stack frame does not get into the frames", () => {
    toAppError(drizzleWrapped(pgError("42601"), [`x\n    at ${SECRET}`]));
    expect(everything()).not.toContain("Secret");
    expect(log.lines[0]!.stack).toMatch(/^ {4}at /);
  });

  it.each([
    ["JSON.parse's SyntaxError (quotes the body)", () => JSON.parse(`{"title": "${SECRET}`)],
    ["an Error with data in its message", () => { throw new Error(`no user ${SECRET}`); }], // prettier-ignore
    ["a thrown string", () => { throw SECRET; }], // prettier-ignore
  ])("%s: its message is not logged", (_, fail) => {
    let thrown: unknown;
    try {
      fail();
    } catch (error) {
      thrown = error;
    }
    expect(problemStatus(toAppError(thrown))).toBe(500);
    expect(log.lines).toHaveLength(1);
    expect(everything()).not.toContain("Secret");
  });

  it("an engine TypeError (a bug in our code) keeps its message, which names code", () => {
    const error = (() => {
      try {
        (undefined as unknown as { id: string }).id;
      } catch (e) {
        return e;
      }
    })();
    toAppError(error);
    expect(log.lines[0]).toMatchObject({ level: "error", errors: ["TypeError"], message: expect.stringContaining("reading 'id'") });
  });

  it("a database that is away: one warn line with the code and the driver's fixed message", () => {
    const error = drizzleWrapped(pgError("57014", "canceling statement due to statement timeout"));
    expect(problemStatus(toAppError(error, "req-2"))).toBe(503);
    expect(log.lines).toStrictEqual([
      expect.objectContaining({
        level: "warn",
        msg: "database unavailable",
        requestId: "req-2",
        code: "57014",
        reason: "canceling statement due to statement timeout",
        errors: ["DrizzleQueryError", "PostgresError"],
        statement: "update tasks",
      }),
    ]);
    expect(log.lines[0]!.stack).toBeUndefined();
    expect(everything()).not.toMatch(/Secret|alice@example/);
  });

  it("a busy pool: warn, with the gate's message", () => {
    toAppError(drizzleWrapped(new DatabaseBusyError("DB_QUEUE_FULL", "2 queries are already waiting for a database connection")));
    expect(log.lines[0]).toMatchObject({
      level: "warn",
      msg: "database busy",
      code: "DB_QUEUE_FULL",
      reason: "2 queries are already waiting for a database connection",
    });
  });

  it("problems the app raised on purpose, and a deleted account's foreign-key miss, are not logged", () => {
    toAppError(new AppError("not_found"));
    toAppError(drizzleWrapped(pgError("23503")));
    expect(log.lines).toEqual([]);
  });
});

function problemStatus(error: AppError): number {
  return { internal: 500, unavailable: 503 }[error.code as "internal" | "unavailable"] ?? 0;
}
