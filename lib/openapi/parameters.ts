import { IDEMPOTENCY_KEY_PATTERN } from "@/lib/http/conditional";
import { wireTypeOf } from "@/lib/wire-type";
import { z } from "zod";
import { jsonSchemaOf } from "./json-schema";
import type { JsonSchema, Parameter } from "./types";

// Query parameters come from the handlers' own z.strictObject query schemas, key by key, so
// a parameter added to a schema is documented without touching this folder. A field that
// parses text into something else (limit "50" → 50) carries its wire type
// (lib/wire-type.ts), and the parameter is documented as that type: a generated client
// then sends `limit: 10`, `overdue: true`, `priority: ["high", "low"]`.

type Shape = Record<string, z.ZodType>;
type ZodInternals = { _zod: { def: Record<string, unknown> & { type: string } } };

/** One OpenAPI query parameter per key of the schema, with the input side's JSON Schema. */
export function queryParameters(schema: z.ZodObject<Shape>): Parameter[] {
  const json = jsonSchemaOf(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...parsed } = properties[name] ?? {};
    const wireType = wireTypeIn(field);
    const property = wireType ? withoutDescription(jsonSchemaOf(wireType, "input")) : parsed;
    const fallback = defaultOf(field, wireType !== undefined);
    const text = typeof description === "string" ? description : errorMessages(field).join(" ") || undefined;
    return {
      name,
      in: "query" as const,
      ...(text !== undefined && { description: text }),
      required: required.has(name),
      // The query reader takes a list as one comma-separated value (priority=high,low).
      ...(property.type === "array" && { style: "form" as const, explode: false }),
      schema: { ...property, ...(property.default === undefined && fallback !== undefined && { default: fallback }) },
    };
  });
}

// The wire type of the field, or of the schema it wraps (.optional(), .default(), a
// .describe() copy...): a builder attaches it to the parser it makes.
function wireTypeIn(field: z.ZodType): z.ZodType | undefined {
  for (let schema: unknown = field, depth = 0; isZod(schema) && depth < 10; depth++) {
    const found = wireTypeOf(schema);
    if (found) return found;
    schema = (schema as unknown as ZodInternals)._zod.def.innerType;
  }
  return undefined;
}

function withoutDescription({ description: _, ...schema }: JsonSchema): JsonSchema {
  return schema;
}

// A default given after a transform is missing from the input side's JSON Schema. With a
// wire type the parsed value is the typed value a client would send; without one the
// parameter is text, and so is its default.
function defaultOf(field: z.ZodType, typed: boolean): unknown {
  const result = field.safeParse(undefined);
  if (!result.success || result.data === undefined || result.data === null) return undefined;
  if (typed) return result.data;
  return typeof result.data === "object" ? undefined : String(result.data);
}

/**
 * The schema's custom error messages, in order and each once (its own, its checks', then
 * its inner schemas'): the rules of a parameter in the words a client would get back. A
 * pipe's output side (limit: a number from 1 to 100) only speaks when its input side (a
 * string of 1 to 3 digits) said nothing.
 */
export function errorMessages(schema: z.ZodType, found = new Set<string>()): string[] {
  const def = (schema as unknown as ZodInternals)._zod.def;
  const add = (message: string | undefined) => message !== undefined && found.add(message);
  add(messageOf(def.error));
  for (const check of (def.checks as ZodInternals[] | undefined) ?? []) add(messageOf(check._zod.def.error));
  const before = found.size;
  for (const child of [def.innerType, def.in, ...((def.options as unknown[] | undefined) ?? [])]) {
    if (isZod(child)) errorMessages(child, found);
  }
  if (found.size === before && isZod(def.out)) errorMessages(def.out, found);
  return [...found];
}

function isZod(value: unknown): value is z.ZodType {
  return typeof value === "object" && value !== null && "_zod" in value;
}

// zod keeps a custom message as an error map: a function of the issue.
function messageOf(error: unknown): string | undefined {
  if (typeof error !== "function") return undefined;
  try {
    const result: unknown = error({ code: "custom", input: undefined, path: [], message: "" });
    if (typeof result === "string") return result;
    if (result && typeof result === "object" && typeof (result as { message?: unknown }).message === "string") {
      return (result as { message: string }).message;
    }
  } catch {
    // an error map that needs a real issue says nothing useful here
  }
  return undefined;
}

// The Idempotency-Key rule of lib/http/conditional.ts.
export const idempotencyKeyHeader = z
  .string()
  .regex(IDEMPOTENCY_KEY_PATTERN)
  .describe(
    "Makes the create safe to retry: a retry with the same key and body within 24 hours gets the first " +
      "response again (same task, status and ETag) and creates nothing; the same key with another body is a 422. " +
      "1-255 printable ASCII characters, per user.",
  );
