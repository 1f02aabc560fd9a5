import { z } from "zod";
import type { JsonSchema } from "./types";

// zod 4's own JSON Schema output (draft 2020-12, the dialect of OpenAPI 3.1), with the
// settings every part of the document shares.

// zod writes both a format and the regex it checks it with (300 characters for a
// date-time); the format says the same to every reader and validator.
const FORMATS_WITH_OWN_RULES = new Set(["date-time", "date", "uuid"]);

const options = (io: "input" | "output") =>
  ({
    io,
    target: "draft-2020-12",
    // Refinements (no control characters...) have no JSON Schema form: the handlers still
    // apply them, and their 422 or 400 names the field.
    unrepresentable: "any",
    override: ({ jsonSchema }) => {
      if (typeof jsonSchema.format === "string" && FORMATS_WITH_OWN_RULES.has(jsonSchema.format)) delete jsonSchema.pattern;
    },
  }) satisfies z.core.ToJSONSchemaParams;

/** One schema; `io: "input"` is what a client may send, `"output"` what the server answers. */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, options(io));
  return json;
}

/** Several schemas by name; one used inside another becomes a $ref to its component. */
export function componentSchemas(schemas: Record<string, z.ZodType>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: converted } = z.toJSONSchema(registry, { ...options(io), uri: (id) => `#/components/schemas/${id}` });
  // Each component lives inside the document: no dialect or id of its own.
  return Object.fromEntries(
    Object.entries(converted).map(([id, { $schema: _, $id: __, ...schema }]) => [id, schema as JsonSchema]),
  );
}
