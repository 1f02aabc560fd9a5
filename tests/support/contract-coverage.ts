import { expect } from "vitest";
import { openApiDocument } from "@/lib/openapi/document";
import { call, type ApiResponse, type CallOptions } from "./api-client";
import type { AppServer } from "./app-server";
import { expectConforms } from "./contract";

// Which documented responses a contract run has produced: every (method, path, status)
// the document declares must come back from a real server, with the status it was asked
// for, and conform (tests/support/contract.ts).

/** "GET /api/tasks/{id} 304" */
export type ResponseKey = `${string} ${string} ${number}`;

export function responseKey(method: string, template: string, status: number | string): ResponseKey {
  return `${method.toUpperCase()} ${template} ${Number(status)}`;
}

/** Every response the document declares, as keys. */
export function documentedResponses(): ResponseKey[] {
  return Object.entries(openApiDocument().paths).flatMap(([template, item]) =>
    Object.entries(item).flatMap(([method, operation]) =>
      Object.keys(operation.responses).map((status) => responseKey(method, template, status)),
    ),
  );
}

/** The statuses documented for one operation. */
export function documentedStatuses(method: string, template: string): number[] {
  const operation = openApiDocument().paths[template]?.[method.toLowerCase() as "get"];
  return Object.keys(operation?.responses ?? {}).map(Number);
}

export type Check = (
  server: AppServer,
  expected: number,
  method: string,
  template: string,
  path: string,
  options?: CallOptions,
) => Promise<ApiResponse>;

/** A checker that records each conforming response, and what it has not seen yet. */
export function contractRun(): { check: Check; unexercised: (exempt: Iterable<ResponseKey>) => ResponseKey[] } {
  const exercised = new Set<ResponseKey>();
  const check: Check = async (server, expected, method, template, path, options = {}) => {
    const res = await call(server, method, path, options);
    expect(res.status, `${method} ${path}: ${res.text.slice(0, 300)}`).toBe(expected);
    expectConforms(res, method, template);
    exercised.add(responseKey(method, template, res.status));
    return res;
  };
  const unexercised = (exempt: Iterable<ResponseKey>) => {
    const skipped = new Set(exempt);
    return documentedResponses().filter((key) => !exercised.has(key) && !skipped.has(key));
  };
  return { check, unexercised };
}
