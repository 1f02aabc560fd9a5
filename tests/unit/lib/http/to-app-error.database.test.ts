import { DrizzleQueryError } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseNotReadyError } from "@/db/client";
import { DatabaseBusyError, PoolGate } from "@/db/pool-gate";
import { problemBody, problemResponse } from "@/lib/http/problem";
import { toAppError } from "@/lib/http/to-app-error";
import { captureLog } from "../observability/capture-log";

// The bounds on database waits (db/pool-gate.ts, db/client.ts, the timeouts sent to
// PostgreSQL) all end in a 503 `unavailable` with Retry-After, never a 500.

const BUSY = {
  type: "urn:tasks:problem:unavailable",
  title: "Service unavailable",
  status: 503,
  detail: "The database is busy; try again shortly.",
};
const NOT_ANSWERING = { ...BUSY, detail: "The database is not answering; try again shortly." };

const withCode = (code: string) => Object.assign(new Error("driver error"), { code });
const drizzleWrapped = (cause: Error) => new DrizzleQueryError('update "tasks" set "title" = $1', ["secret title"], cause);

let log: ReturnType<typeof captureLog>;
beforeEach(() => {
  log = captureLog();
});
afterEach(() => {
  log.restore();
});

describe("toAppError: the pool gate", () => {
  it.each([
    ["queue full", new DatabaseBusyError("DB_QUEUE_FULL", "100 queries are already waiting for a database connection")],
    ["queue timeout", new DatabaseBusyError("DB_QUEUE_TIMEOUT", "no database connection came free within 2000 ms")],
  ])("%s -> 503 busy, logged as busy", (_, error) => {
    expect(problemBody(toAppError(error))).toStrictEqual(BUSY);
    expect(log.lines).toMatchObject([{ level: "warn", msg: "database busy", code: error.code, reason: error.message }]);
  });

  it("a refusal from a real gate, wrapped by Drizzle -> 503 busy with Retry-After", async () => {
    const gate = new PoolGate({ active: 1, queueMax: 0, queueTimeoutMs: 1000 });
    gate.tryEnter();
    const refusal = await gate.enter().then(
      () => Promise.reject(new Error("expected a refusal")),
      (error: unknown) => error as Error,
    );
    const res = problemResponse(toAppError(drizzleWrapped(refusal)));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toStrictEqual(BUSY);
  });
});

describe("toAppError: a database that is down, unreachable or too slow", () => {
  it.each([
    ["migrations not done in time", new DatabaseNotReadyError("the migrations did not finish within 5000 ms")],
    ["statement_timeout (57014)", new postgres.PostgresError({ message: "canceling statement due to statement timeout", code: "57014" } as never)],
    ["idle_in_transaction_session_timeout (25P03)", withCode("25P03")],
    ["idle_session_timeout (57P05)", withCode("57P05")],
    ["server rejected the connection (08004)", withCode("08004")],
    ["no route to host", withCode("EHOSTUNREACH")],
    ["network unreachable", withCode("ENETUNREACH")],
    ["DNS temporarily failing", withCode("EAI_AGAIN")],
    ["connection aborted", withCode("ECONNABORTED")],
    ["postgres.js ended (shutdown)", withCode("CONNECTION_ENDED")],
  ])("%s -> 503 not answering", (_, error) => {
    expect(problemBody(toAppError(drizzleWrapped(error)))).toStrictEqual(NOT_ANSWERING);
    expect(log.lines).toMatchObject([{ level: "warn", msg: "database unavailable", code: error.code, statement: "update tasks" }]);
    expect(log.raw.join("")).not.toContain("secret title");
  });

  it("DatabaseNotReadyError carries its code", () => {
    expect(new DatabaseNotReadyError("x")).toMatchObject({ name: "DatabaseNotReadyError", code: "DB_NOT_READY", message: "x" });
  });
});

describe("toAppError: two writes that met", () => {
  it.each([
    ["deadlock_detected (40P01)", new postgres.PostgresError({ message: "deadlock detected", code: "40P01" } as never)],
    ["serialization_failure (40001)", withCode("40001")],
  ])("%s -> 409 conflict (nothing was written), logged at warn without the statement's values", (_, cause) => {
    expect(problemBody(toAppError(drizzleWrapped(cause)))).toStrictEqual({
      type: "urn:tasks:problem:conflict",
      title: "Conflict",
      status: 409,
      detail: "This change met another one made at the same moment and was not applied; send it again.",
    });
    expect(log.lines).toMatchObject([{ level: "warn", msg: "write conflict", code: (cause as { code: string }).code }]);
    expect(JSON.stringify(log.lines)).not.toContain("secret title");
  });
});
