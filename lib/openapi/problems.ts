import { z } from "zod";
import { AppError } from "@/lib/errors";
import { PROBLEM_TYPES, problemBody, problemResponse, type ProblemCode } from "@/lib/http/problem";
import type { Header, MediaType, Reference, ResponseObject } from "./types";

// Everything about errors comes from lib/http/problem.ts: the codes (lib/errors.ts), their
// statuses and titles, and the headers a problem response carries, so a new code shows up
// here by itself.

export const PROBLEM_MEDIA_TYPE = "application/problem+json";

export const PROBLEM_CODES = Object.keys(PROBLEM_TYPES) as ProblemCode[];

const problemTypes = PROBLEM_CODES.map((code) => problemBody(new AppError(code)).type) as [string, ...string[]];

export const fieldErrorResponse = z.strictObject({
  path: z.string().describe("The field, dotted (`title`, `operations.3.body.dueDate`); a query parameter or header by name."),
  message: z.string(),
});

export const problemJson = z.strictObject({
  type: z.enum(problemTypes).describe("`urn:tasks:problem:<name>`: what went wrong, for programs."),
  title: z.string().describe("The type in words: the same for every problem of one type."),
  status: z.int().min(400).max(599),
  detail: z.string().optional().describe("This occurrence in words."),
  errors: z.array(fieldErrorResponse).optional().describe("One entry per bad field, parameter or header."),
});

/** The examples under components.examples, one per problem type. */
export function problemExamples(): Record<string, { summary: string; value: unknown }> {
  return Object.fromEntries(
    PROBLEM_CODES.map((code) => {
      const body = problemBody(new AppError(code));
      return [exampleName(code), { summary: `${body.status} ${body.title}`, value: body }];
    }),
  );
}

/** components["x-problem-types"]: the whole table, for readers and for code generators. */
export function problemTypeTable() {
  return PROBLEM_CODES.map((code) => ({ code, ...PROBLEM_TYPES[code], type: problemBody(new AppError(code)).type }));
}

function exampleName(code: ProblemCode): string {
  return `problem-${code.replaceAll("_", "-")}`;
}

// Headers a problem response always carries besides Content-Type (WWW-Authenticate on a
// 401, Retry-After on a 503...), read off a real response.
function standardHeaders(code: ProblemCode): Record<string, Header> {
  const headers: Record<string, Header> = {};
  for (const [name, value] of problemResponse(new AppError(code)).headers) {
    if (name === "content-type") continue;
    headers[canonical(name)] = { description: `Always \`${value}\`.`, schema: { type: "string", const: value } };
  }
  return headers;
}

function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()).replace("Www", "WWW");
}

/**
 * The error responses of an operation: one per status, its schema narrowed to the types
 * that status can carry here, with an example of each.
 */
export function problemResponses(
  codes: readonly ProblemCode[],
  extraHeaders: Partial<Record<ProblemCode, Record<string, Header | Reference>>> = {},
): Record<string, ResponseObject> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of new Set(codes)) {
    const { status } = PROBLEM_TYPES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers: Record<string, Header | Reference> = Object.assign(
      {},
      ...group.map((code) => ({ ...standardHeaders(code), ...extraHeaders[code] })),
    );
    const media: MediaType = {
      schema: {
        allOf: [
          { $ref: "#/components/schemas/Problem" },
          {
            type: "object",
            properties: { type: { enum: group.map((code) => problemBody(new AppError(code)).type) }, status: { const: status } },
          },
        ],
      },
      examples: Object.fromEntries(group.map((code) => [code, { $ref: `#/components/examples/${exampleName(code)}` }])),
    };
    responses[String(status)] = {
      description: group.map((code) => PROBLEM_TYPES[code].title).join("; "),
      ...(Object.keys(headers).length > 0 && { headers }),
      content: { [PROBLEM_MEDIA_TYPE]: media },
    };
  }
  return responses;
}
