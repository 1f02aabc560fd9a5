import { DrizzleQueryError } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { problemBody } from "@/lib/http/problem";
import { toAppError } from "@/lib/http/to-app-error";
import { captureLog } from "../observability/capture-log";

const withCode = (code: unknown, message = "driver error") => Object.assign(new Error(message), { code });
const pgError = (code: string) =>
  new postgres.PostgresError({ message: "insert or update violates foreign key constraint", code } as never);
const drizzleWrapped = (cause: Error) =>
  new DrizzleQueryError('insert into "tasks" ("id", "user_id") values ($1, $2)', ["id", "user-1"], cause);

const UNAUTHORIZED = {
  type: "urn:tasks:problem:unauthorized",
  title: "Authentication required",
  status: 401,
  detail: "The account behind these credentials no longer exists.",
};
const UNAVAILABLE = {
  type: "urn:tasks:problem:unavailable",
  title: "Service unavailable",
  status: 503,
  detail: "The database is not answering; try again shortly.",
};
const INTERNAL = { type: "urn:tasks:problem:internal", title: "Internal server error", status: 500 };

// The log lines themselves (what they hold and never hold): tests/unit/lib/observability/error-log.test.ts.
let log: ReturnType<typeof captureLog>;
beforeEach(() => {
  log = captureLog();
});
afterEach(() => {
  log.restore();
});

describe("toAppError", () => {
  it("passes an AppError through as the same object, without logging", () => {
    const error = new AppError("not_found", "No such task.");
    expect(toAppError(error)).toBe(error);
    expect(log.lines).toEqual([]);
  });

  it.each([
    ["a bare code", withCode("23503")],
    ["a postgres.js PostgresError", pgError("23503")],
    ["a DrizzleQueryError wrapping it", drizzleWrapped(pgError("23503"))],
    ["two levels of cause", new Error("outer", { cause: drizzleWrapped(withCode("23503")) })],
  ])("foreign-key violation (%s) -> 401", (_, error) => {
    expect(problemBody(toAppError(error))).toStrictEqual(UNAUTHORIZED);
  });

  it.each([
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "ENOTFOUND",
    "CONNECT_TIMEOUT",
    "CONNECTION_CLOSED",
    "57P01",
    "57P03",
    "57014",
    "53300",
    "08006",
  ])("%s -> 503, logged", (code) => {
    const error = withCode(code);
    expect(problemBody(toAppError(error))).toStrictEqual(UNAVAILABLE);
    expect(log.lines).toMatchObject([{ level: "warn", msg: "database unavailable", code }]);
  });

  it("an unavailable code inside a DrizzleQueryError -> 503", () => {
    const error = drizzleWrapped(pgError("57P01"));
    expect(problemBody(toAppError(error))).toStrictEqual(UNAVAILABLE);
    expect(log.lines).toMatchObject([{ level: "warn", msg: "database unavailable", code: "57P01", statement: "insert tasks" }]);
  });

  it.each([
    ["a plain Error", new Error("secret SQL text")],
    ["an unknown SQLSTATE", withCode("23505", "secret SQL text")],
    ["a numeric code", withCode(23503, "secret SQL text")],
    ["a DrizzleQueryError over a syntax error", drizzleWrapped(pgError("42601"))],
    ["a thrown string", "secret SQL text"],
    ["null", null],
    ["undefined", undefined],
  ])("%s -> 500 that says nothing of it, logged", (_, error) => {
    const body = problemBody(toAppError(error));
    expect(body).toStrictEqual(INTERNAL);
    expect(JSON.stringify(body)).not.toMatch(/secret|SQL|insert|tasks"|user-1/);
    expect(log.lines).toMatchObject([{ level: "error", msg: "unexpected error" }]);
    expect(log.raw.join("")).not.toMatch(/secret|user-1/);
  });

  it("does not loop on a cause cycle", () => {
    const error: Error & { cause?: unknown } = new Error("secret");
    error.cause = error;
    expect(problemBody(toAppError(error))).toStrictEqual(INTERNAL);
    expect(log.lines).toHaveLength(1);
  });

  it("looks no deeper than five levels", () => {
    let error: Error = withCode("23503");
    for (let i = 0; i < 5; i++) error = new Error(`level ${i}`, { cause: error });
    expect(problemBody(toAppError(error))).toStrictEqual(INTERNAL);
    let four: Error = withCode("23503");
    for (let i = 0; i < 4; i++) four = new Error(`level ${i}`, { cause: four });
    expect(problemBody(toAppError(four))).toStrictEqual(UNAUTHORIZED);
  });
});
