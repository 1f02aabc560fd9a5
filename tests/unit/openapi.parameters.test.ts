import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorMessages, queryParameters } from "@/lib/openapi/parameters";
import { listTasksQuery, taskSummaryQuery } from "@/lib/tasks/list-query";
import { clearTasksQuery, taskChangesQuery } from "@/lib/tasks/schemas";

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
        schema: { type: "string", pattern: "^\\d{1,4}$", default: "500" },
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
    ]);
  });

  it("documents every parameter of the list, whatever they are today", () => {
    const parameters = queryParameters(listTasksQuery);
    expect(parameters.map((p) => p.name)).toStrictEqual(Object.keys(listTasksQuery.shape));
    expect(parameters.every((p) => p.in === "query" && p.required === false)).toBe(true);
  });

  it("documents the summary's time zone", () => {
    expect(queryParameters(taskSummaryQuery)).toStrictEqual([
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
