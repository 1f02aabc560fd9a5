import { openApiDocument } from "@/lib/openapi/document";
import type { JsonSchema, Operation, Parameter, Reference } from "@/lib/openapi/types";
import type { FieldShape, Kind } from "./limit-values";

// Where the values at the limits go: every field and parameter of every documented
// operation, read from the OpenAPI document the server serves (built here from the same
// source), so that a new route, field or parameter is covered without a line here. Each
// target comes with a valid request to put its value in: the body's required fields, and
// for a union (a batch operation) one valid body per member.

export type Target = {
  /** "body.title", "query.limit", "path.id", "header.If-Match", "body.operations.0.body.title (update)". */
  label: string;
  in: "body" | "query" | "path" | "header";
  /** The parameter's name, or for the body the JSON path of the field ([] is the body itself). */
  name: string;
  path: (string | number)[];
  shape: FieldShape;
  required: boolean;
  /** The body to put a body value in: valid as it is. Ids in it are ID_PLACEHOLDER. */
  base?: unknown;
};

export type Route = { method: string; template: string; operation: Operation; targets: Target[] };

/** Stands for the id of the caller's task wherever a body or a path needs one. */
export const ID_PLACEHOLDER = "{id}";

type Schema = JsonSchema & {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  description?: string;
};

function resolve<T>(value: T | Reference): T {
  if (!value || typeof value !== "object" || !("$ref" in value)) return value as T;
  let node: unknown = openApiDocument();
  for (const segment of (value as Reference).$ref.split("/").slice(1)) node = (node as Record<string, unknown>)[segment];
  if (node === undefined) throw new Error(`Unresolved ${(value as Reference).$ref}`);
  return resolve(node as T);
}

// A nullable field is anyOf [its type, null]; a date field anyOf [date-time, date].
function withoutNull(schema: Schema): Schema {
  const s = resolve(schema);
  const options = s.anyOf?.map((o) => resolve(o)).filter((o) => o.type !== "null");
  if (options?.length === 1) return withoutNull(options[0]!);
  return s;
}

export function shapeOf(schema: Schema, name: string): FieldShape {
  const s = withoutNull(schema);
  const formats = (s.anyOf ?? [s]).map((o) => resolve(o).format);
  const trimmed = /trimmed/i.test(resolve(schema).description ?? s.description ?? "");
  if (formats.some((f) => f === "date-time" || f === "date")) return { kind: "instant" };
  if (s.type === "string" && s.enum) return { kind: "enum", values: s.enum };
  if (s.type === "string" && s.const !== undefined) return { kind: "enum", values: [String(s.const)] };
  if (s.type === "string") {
    const kind: Kind = s.format === "email" ? "email" : s.format === "uri" ? "url" : name === "id" ? "id" : "text";
    return { kind, minLength: s.minLength, maxLength: s.maxLength, trimmed };
  }
  if (s.type === "integer" || s.type === "number") return { kind: "integer", minimum: s.minimum, maximum: s.maximum };
  if (s.type === "boolean") return { kind: "boolean" };
  if (s.type === "array" && s.items && resolve(s.items).enum) return { kind: "enum-list", values: resolve(s.items).enum };
  return { kind: "any" };
}

/** A valid value for the schema: its required fields, each a plain valid value. */
export function exampleOf(schema: Schema, name = ""): unknown {
  const s = withoutNull(schema);
  if (s.oneOf) return exampleOf(s.oneOf[0]!, name);
  if (s.anyOf) return exampleOf(s.anyOf[0]!, name);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.type === "object") {
    // Its required fields; with none (a PATCH), its first, so that the example does something.
    const keys = s.required?.length ? s.required : Object.keys(s.properties ?? {}).slice(0, 1);
    return Object.fromEntries(keys.map((key) => [key, exampleOf(s.properties![key]!, key)]));
  }
  if (s.type === "array") return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => exampleOf(s.items!, name));
  if (s.type === "boolean") return false;
  if (s.type === "integer" || s.type === "number") return s.minimum ?? 1;
  if (s.format === "date-time" || s.format === "date") return "2026-05-01T17:00:00.000Z";
  if (name === "id") return ID_PLACEHOLDER;
  return `base-${name || "value"}`.padEnd(s.minLength ?? 1, "x");
}

function setAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(body) ? [...body] : { ...(body as object) };
  copy[head!] = setAt(copy[head!], rest, value);
  return copy;
}

// Every field in the body, depth first; a union's members each with a base of their own.
function bodyTargets(schema: Schema, base: unknown, path: (string | number)[], required: boolean, variant: string): Target[] {
  const s = withoutNull(schema);
  const suffix = variant ? ` (${variant})` : "";
  const here: Target = {
    label: `body${path.map((p) => `.${p}`).join("")}${suffix}`,
    in: "body",
    name: path.join("."),
    path,
    shape: shapeOf(schema, String(path.at(-1) ?? "")),
    required,
    base,
  };
  if (s.oneOf) {
    return [
      here,
      ...s.oneOf.flatMap((member) => {
        const m = resolve(member);
        const name = m.properties?.op?.const ?? m.properties?.type?.const ?? String(s.oneOf!.indexOf(member));
        const memberBase = setAt(base, path, exampleOf(m));
        return bodyTargets(m, memberBase, path, required, [variant, String(name)].filter(Boolean).join(", ")).slice(1);
      }),
    ];
  }
  if (s.type === "object" && s.properties) {
    return [
      here,
      ...Object.entries(s.properties).flatMap(([key, child]) =>
        bodyTargets(child, base, [...path, key], (s.required ?? []).includes(key), variant),
      ),
    ];
  }
  if (s.type === "array" && s.items) return [here, ...bodyTargets(s.items, base, [...path, 0], true, variant)];
  return [here];
}

function parameterTarget(parameter: Parameter): Target {
  const shape = shapeOf(parameter.schema as Schema, parameter.name);
  return {
    label: `${parameter.in}.${parameter.name}`,
    in: parameter.in as Target["in"],
    name: parameter.name,
    path: [],
    shape: parameter.in === "path" && parameter.name === "id" ? { kind: "id" } : shape,
    required: parameter.required ?? false,
  };
}

/** Every documented operation under `prefix`, with its targets. */
export function documentedRoutes(prefix: string): Route[] {
  return Object.entries(openApiDocument().paths)
    .filter(([template]) => template.startsWith(prefix))
    .flatMap(([template, item]) =>
      Object.entries(item).map(([method, operation]) => {
        const parameters = (operation.parameters ?? []).map((p) => resolve<Parameter>(p));
        const json = operation.requestBody?.content["application/json"]?.schema as Schema | undefined;
        const targets = [
          ...parameters.filter((p) => p.in !== "cookie").map(parameterTarget),
          ...(json ? bodyTargets(json, exampleOf(json), [], true, "") : []),
        ];
        return { method: method.toUpperCase(), template, operation, targets };
      }),
    );
}

export { setAt };
