import { afterEach, describe, expect, it } from "vitest";
import { routeConsoleThrough } from "@/lib/observability/console-redirect";
import { foreignLine, maskedMessage } from "@/lib/observability/foreign-line";
import { betterAuthLogger } from "@/lib/observability/foreign-logs";
import { createLogger } from "@/lib/observability/logger";
import { captureLog } from "./capture-log";

// What Better Auth, better-call, Next and any library print becomes one of our JSON lines,
// with no value from a request in it (foreign-line.ts).

// A failed query as Drizzle reports it: the message holds the SQL and every parameter.
function drizzleError() {
  const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { name: "PostgresError", code: "22021" });
  return Object.assign(new Error('Failed query: insert into "users" ("email") values ($1)\nparams: alice@example.com,x\u0000\n{"forged":true}'), {
    query: 'insert into "users" ("email") values ($1)',
    params: ["alice@example.com", "x\u0000"],
    cause,
  });
}

describe("maskedMessage", () => {
  it.each([
    ['invalid input syntax for type uuid: "alice@example.com"', 'invalid input syntax for type uuid: "…"'],
    ["No key for kid: 'abc'", 'No key for kid: "…"'],
    ["line one\nline two\r\n{\"forged\":true}", 'line one line two {"…":true}'],
    // Better Auth's own words for values it names unquoted (origin-check.mjs and others).
    ["Invalid callbackURL: https://evil.example/a?b=c&email=alice@example.com", "Invalid callbackURL: …"],
    ["Invalid origin: null", "Invalid origin: …"],
    ["OAuth popup origin is not a trusted origin. Add https://evil.example to trustedOrigins.", "OAuth popup origin is not a trusted origin. Add … to trustedOrigins."],
    ["Introspection failed: token alice@example.com unknown", "Introspection failed: …"],
    [42, ""],
  ])("%j becomes %j", (message, masked) => {
    expect(maskedMessage(message)).toBe(masked);
  });

  it("is at most 200 characters", () => {
    expect(maskedMessage("x".repeat(10_000))).toHaveLength(200);
  });
});

describe("foreignLine", () => {
  it("keeps of an error its classes, code, statement and frames, never its message or parameters", () => {
    const [fields, message] = foreignLine("better-call", "# SERVER_ERROR: ", [drizzleError()]);
    expect(message).toBe("# SERVER_ERROR:");
    expect(fields).toMatchObject({ source: "better-call", errors: ["DrizzleQueryError", "PostgresError"], code: "22021", statement: "insert users" });
    expect(JSON.stringify(fields)).not.toContain("alice@example.com");
    expect(JSON.stringify(fields)).not.toContain("forged");
  });

  it("drops every other argument: objects a library passes along are request values", () => {
    const [fields] = foreignLine("better-auth", "Failed to get user info", [{ provider: "alice@example.com" }, "secret"]);
    expect(fields).toEqual({ source: "better-auth" });
  });
});

describe("Better Auth's logger and console.*", () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it("Better Auth's lines are ours at its level, masked", () => {
    const log = captureLog();
    restore = log.restore;
    betterAuthLogger().log("error", "Failed to create user", drizzleError());
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ level: "error", msg: "Failed to create user", source: "better-auth", code: "22021" });
    expect(log.raw.join("")).not.toContain("alice@example.com");
  });

  it("console.* goes through the logger once installed, without formatting its arguments in", () => {
    const raw: string[] = [];
    const saved = { ...console };
    restore = () => {
      Object.assign(console, saved);
      delete (console as unknown as Record<symbol, unknown>)[Symbol.for("tasks.console-through-logger")];
    };
    routeConsoleThrough(createLogger("trace", { write: (chunk: string) => void raw.push(chunk) }));
    console.error("# SERVER_ERROR: ", drizzleError());
    console.log("user %s signed in", "alice@example.com");
    console.warn({ email: "alice@example.com" });
    const lines = raw.join("").trim().split("\n");
    expect(lines).toHaveLength(3);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((l) => [l.level, l.msg, l.source])).toEqual([
      ["error", "# SERVER_ERROR:", "console"],
      ["info", "user %s signed in", "console"],
      ["warn", "", "console"],
    ]);
    expect(raw.join("")).not.toContain("alice@example.com");
  });
});
