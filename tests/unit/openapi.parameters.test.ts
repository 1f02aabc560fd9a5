import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorMessages, queryParameters } from "@/lib/openapi/parameters";
import { listTasksQuery, taskSummaryQuery } from "@/lib/tasks/list-query";
import { clearTasksQuery, taskChangesQuery } from "@/lib/tasks/schemas";
import { withWireType } from "@/lib/wire-type";

// Query parameters are derived from the handlers' query schemas, never listed by hand.

describe("queryParameters", () => {
  it("documents the change feed's query", () => {
    expect(queryParameters(taskChangesQuery)).toStrictEqual([
      { name: "since", in: "query", required: false, schema: { type: "string", maxLength: 100 } },
      {
        name: "limit",
        in: "query",
        description: "Must be a whole number from 1 to 1000.",
        required: false,
        schema: { type: "integer", minimum: 1, maximum: 1000, default: 500 },
      },
    ]);
  });

  it("documents a required parameter as required", () => {
    expect(queryParameters(clearTasksQuery)).toStrictEqual([
      {
        name: "status",
        in: "query",
        description: "Only status=completed can be cleared.",
        required: true,
        schema: { type: "string", const: "completed" },
      },
      {
        name: "listId",
        in: "query",
        description: expect.stringContaining("a viewer gets 403"),
        required: false,
        schema: { type: "string", maxLength: 255 },
      },
    ]);
  });

  it("documents every parameter of the list, whatever they are today", () => {
    const parameters = queryParameters(listTasksQuery);
    expect(parameters.map((p) => p.name)).toStrictEqual(Object.keys(listTasksQuery.shape));
    expect(parameters.every((p) => p.in === "query" && p.required === false)).toBe(true);
  });

  it("documents the list's parameters as the types a client sends, not the text the parser reads", () => {
    const schemas = Object.fromEntries(queryParameters(listTasksQuery).map((p) => [p.name, p.schema]));
    expect(schemas).toStrictEqual({
      listId: { type: "string", maxLength: 255 },
      status: { type: "string", enum: ["all", "pending", "completed"], default: "all" },
      priority: { type: "array", items: { type: "string", enum: ["low", "medium", "high"] }, minItems: 1, maxItems: 3, uniqueItems: true },
      dueBefore: { anyOf: [{ type: "string", format: "date-time" }, { type: "string", format: "date" }] },
      dueAfter: { anyOf: [{ type: "string", format: "date-time" }, { type: "string", format: "date" }] },
      overdue: { type: "boolean" },
      hasDueDate: { type: "boolean" },
      q: { type: "string", minLength: 1, maxLength: 200 },
      tag: { type: "array", items: { type: "string", minLength: 1, maxLength: 50 }, minItems: 1, maxItems: 20 },
      tagMode: { type: "string", enum: ["any", "all"] },
      sort: { type: "string", enum: ["createdAt", "updatedAt", "dueDate", "priority", "title"] },
      order: { type: "string", enum: ["asc", "desc"] },
      limit: { type: "integer", minimum: 1, maximum: 100, default: 50 },
      cursor: { type: "string", maxLength: 1500 },
    });
  });

  it("writes a list as one comma-separated value (priority=high,low), and only a list", () => {
    const parameters = queryParameters(listTasksQuery);
    expect(parameters.filter((p) => p.style !== undefined).map((p) => [p.name, p.style, p.explode])).toStrictEqual([
      ["priority", "form", false],
      ["tag", "form", false],
    ]);
  });

  // What a generated client sends: the documented type's value, serialised as OpenAPI says
  // (form style: a scalar as its text, a list unexploded, comma-separated). The handlers'
  // parsers must read it back as that value.
  const serialise = (value: unknown) => (Array.isArray(value) ? value.join(",") : String(value));
  it.each<[string, z.ZodObject<Record<string, z.ZodType>>, Record<string, unknown>, Record<string, unknown>]>([
    ["list", listTasksQuery, { limit: 10, overdue: true, hasDueDate: false, priority: ["low", "high"] }, {}],
    ["list, priorities in any order", listTasksQuery, { priority: ["high", "medium", "low"] }, { priority: ["low", "medium", "high"] }],
    ["list, the largest page", listTasksQuery, { limit: 100 }, {}],
    ["list, tags in any order", listTasksQuery, { tag: ["work", "Home"], tagMode: "all" }, { tag: ["Home", "work"] }],
    ["changes", taskChangesQuery, { limit: 1000 }, {}],
  ])("reads back what a typed client sends: %s", (_name, schema, sent, normalised) => {
    const query = Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, serialise(v)]));
    expect(schema.parse(query)).toMatchObject({ ...sent, ...normalised });
  });

  it("documents the summary's list and time zone", () => {
    expect(queryParameters(taskSummaryQuery)).toStrictEqual([
      {
        name: "listId",
        in: "query",
        description: expect.stringContaining("not a member of it: 404"),
        required: false,
        schema: { type: "string", maxLength: 255 },
      },
      {
        name: "tz",
        in: "query",
        description: expect.stringContaining("IANA time zone"),
        required: false,
        schema: { default: "UTC", type: "string" },
      },
    ]);
  });

  const STATUS = z.enum(["a", "b"], { error: "Must be a or b." });
  const cases: [string, z.ZodObject<Record<string, z.ZodType>>, unknown][] = [
    [
      "a .describe() wins over error text",
      z.strictObject({ x: STATUS.describe("Which one.").optional() }),
      { name: "x", in: "query", description: "Which one.", required: false, schema: { type: "string", enum: ["a", "b"] } },
    ],
    [
      "an enum's error text, and its default",
      z.strictObject({ x: STATUS.default("a") }),
      { name: "x", in: "query", description: "Must be a or b.", required: false, schema: { default: "a", type: "string", enum: ["a", "b"] } },
    ],
    [
      "a wire type instead of the parser's text, its default typed",
      z.strictObject({ n: withWireType(z.string().regex(/^\d+$/, "Digits.").transform(Number), z.int().min(1).max(9)).default(7) }),
      { name: "n", in: "query", description: "Digits.", required: false, schema: { type: "integer", minimum: 1, maximum: 9, default: 7 } },
    ],
    [
      "a default after a transform, as text",
      z.strictObject({ n: z.string().regex(/^\d+$/, "Digits.").transform(Number).default(7) }),
      { name: "n", in: "query", description: "Digits.", required: false, schema: { type: "string", pattern: "^\\d+$", default: "7" } },
    ],
    [
      "no description without one or a custom message",
      z.strictObject({ s: z.string().max(5) }),
      { name: "s", in: "query", required: true, schema: { type: "string", maxLength: 5 } },
    ],
    [
      "a date-time: the format, without zod's regex",
      z.strictObject({ at: z.iso.datetime({ offset: true }).optional() }),
      { name: "at", in: "query", required: false, schema: { type: "string", format: "date-time" } },
    ],
  ];

  it.each(cases)("%s", (_name, schema, expected) => {
    expect(queryParameters(schema)).toStrictEqual([expected]);
  });
});

describe("errorMessages", () => {
  const cases: [string, z.ZodType, string[]][] = [
    ["none", z.string().min(1), []],
    ["the schema's own", z.boolean({ error: "Yes or no." }), ["Yes or no."]],
    ["checks, in order, each once", z.string().min(1, "Short.").max(9, "Long.").regex(/a/, "Short."), ["Short.", "Long."]],
    ["through optional, nullable and default", z.string().max(2, "Two.").nullable().optional().default("x"), ["Two."]],
    ["a union's options", z.union([z.literal("a", { error: "A." }), z.literal("b", { error: "B." })]), ["A.", "B."]],
    ["a pipe's input side only", z.string().regex(/^\d+$/, "Digits.").transform(Number).pipe(z.number().max(5, "Max.")), ["Digits."]],
    ["a pipe's output side when the input says nothing", z.string().pipe(z.enum(["x"], { error: "Only x." })), ["Only x."]],
  ];

  it.each(cases)("%s", (_name, schema, expected) => {
    expect(errorMessages(schema)).toStrictEqual(expected);
  });
});
