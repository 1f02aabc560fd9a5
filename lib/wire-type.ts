import type { z } from "zod";

// A query string carries only text, so a query field's parser reads text: limit "50"
// becomes 50, overdue "true" becomes true, priority "high,low" becomes a list. What the
// client means by that text is another schema: an integer, a boolean, a list of enums.
// That is the field's wire type; the field builder that knows both attaches it here, and
// the OpenAPI document describes parameters by it (so a generated client sends `limit: 10`).
// Handlers never read it: they validate with the parser alone.

// A WeakMap rather than a zod registry: a registry's metadata type is rewritten through
// every schema type it holds, and a schema as metadata sends TypeScript into a loop.
const wireTypes = new WeakMap<z.core.$ZodType, z.ZodType>();

/** The parser, with the typed value a client sends attached (what it parses, as a value). */
export function withWireType<T extends z.core.$ZodType>(parser: T, wireType: z.ZodType): T {
  wireTypes.set(parser, wireType);
  return parser;
}

/** The wire type attached to this very schema (not to one it wraps), if any. */
export function wireTypeOf(schema: z.core.$ZodType): z.ZodType | undefined {
  return wireTypes.get(schema);
}
