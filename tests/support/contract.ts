import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openApiDocument } from "@/lib/openapi/document";
import type { Header, Operation, OpenApiDocument, Reference, ResponseObject } from "@/lib/openapi/types";
import type { ApiResponse } from "./api-client";

// Checks a real response against /api/openapi.json: the status is one the operation
// documents, the body matches the schema declared for that status and media type, and the
// headers it declares required are there and well-formed. Uses the same document the
// server serves (built in this process from the same source).

const SCHEMAS_ID = "urn:tasks:schemas";

type Contract = { doc: OpenApiDocument; ajv: Ajv2020; compiled: Map<object, ValidateFunction> };
let contract: Contract | undefined;

// Ajv resolves a $ref against the schema's own base, and the document is not a JSON Schema;
// the component schemas go in as one schema of $defs, and every $ref points there.
function load(): Contract {
  if (contract) return contract;
  const text = JSON.stringify(openApiDocument()).replaceAll('"#/components/schemas/', `"${SCHEMAS_ID}#/$defs/`);
  const doc = JSON.parse(text) as OpenApiDocument;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SCHEMAS_ID, $defs: doc.components.schemas });
  contract = { doc, ajv, compiled: new Map() };
  return contract;
}

function validatorFor(schema: object): ValidateFunction {
  const { ajv, compiled } = load();
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  return validate;
}

function resolve<T>(value: T | Reference): T {
  if (!value || typeof value !== "object" || !("$ref" in value)) return value as T;
  const [, ...segments] = value.$ref.split("/");
  let node: unknown = load().doc;
  for (const segment of segments) node = (node as Record<string, unknown>)[segment.replaceAll("~1", "/").replaceAll("~0", "~")];
  if (node === undefined) throw new Error(`Unresolved ${value.$ref}`);
  return node as T;
}

/** The operation, or an error naming the documented ones. */
export function documentedOperation(method: string, pathTemplate: string): Operation {
  const item = load().doc.paths[pathTemplate];
  const operation = item?.[method.toLowerCase() as keyof typeof item];
  if (!operation) {
    const known = Object.entries(load().doc.paths).flatMap(([p, i]) => Object.keys(i).map((m) => `${m.toUpperCase()} ${p}`));
    throw new Error(`${method} ${pathTemplate} is not in the OpenAPI document (it has: ${known.join(", ")})`);
  }
  return operation;
}

/** Every way the response breaks the documented contract; empty when it conforms. */
export function contractViolations(res: ApiResponse, method: string, pathTemplate: string): string[] {
  const operation = documentedOperation(method, pathTemplate);
  const where = `${method.toUpperCase()} ${pathTemplate} → ${res.status}`;
  const documented = operation.responses[String(res.status)];
  if (!documented) {
    return [`${where}: status not documented (documented: ${Object.keys(operation.responses).join(", ")}); body: ${res.text.slice(0, 300)}`];
  }
  const response = resolve<ResponseObject>(documented);
  return [...headerViolations(res, response, where), ...bodyViolations(res, response, where)];
}

function headerViolations(res: ApiResponse, response: ResponseObject, where: string): string[] {
  const problems: string[] = [];
  for (const [name, declared] of Object.entries(response.headers ?? {})) {
    const header = resolve<Header>(declared);
    const value = res.headers.get(name);
    if (value === null) {
      if (header.required) problems.push(`${where}: required header ${name} is missing`);
      continue;
    }
    const validate = validatorFor(header.schema);
    if (!validate(value)) problems.push(`${where}: header ${name}: ${JSON.stringify(value)} ${describe(validate)}`);
  }
  return problems;
}

function bodyViolations(res: ApiResponse, response: ResponseObject, where: string): string[] {
  const content = response.content ?? {};
  if (Object.keys(content).length === 0) {
    return res.text === "" ? [] : [`${where}: documented without a body, but got ${res.text.slice(0, 200)}`];
  }
  const mediaType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  // Bytes of any type (a download): documented as */*, nothing to parse.
  if (!content[mediaType] && content["*/*"]) return mediaType === "" ? [`${where}: a download without a Content-Type`] : [];
  const media = content[mediaType];
  if (!media) return [`${where}: media type ${JSON.stringify(mediaType)} not documented (documented: ${Object.keys(content).join(", ")})`];
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return [`${where}: the body is not JSON: ${res.text.slice(0, 200)}`];
  }
  const validate = validatorFor(media.schema);
  return validate(body) ? [] : [`${where}: body ${describe(validate)}\n${JSON.stringify(body, null, 2).slice(0, 2000)}`];
}

function describe(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message} ${JSON.stringify(e.params)}`).join("; ");
}

/** How `value` breaks the document's component schema `name` ("Problem", "AuthError"...); empty when it conforms. */
export function componentViolations(name: string, value: unknown): string[] {
  const validate = validatorFor({ $ref: `${SCHEMAS_ID}#/$defs/${name}` });
  return validate(value) ? [] : [`not a ${name}: ${describe(validate)}`];
}

/** Fails the test unless the response is one the OpenAPI document allows for this operation. */
export function expectConforms(res: ApiResponse, method: string, pathTemplate: string): void {
  const violations = contractViolations(res, method, pathTemplate);
  if (violations.length > 0) throw new Error(`Does not conform to /api/openapi.json:\n${violations.join("\n")}`);
}
