import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJson, readOptionalJson } from "@/lib/http/read-json";
import { problemBody } from "@/lib/http/problem";
import { createTaskBody } from "@/lib/tasks/schemas";
import { appErrorOf } from "../../helpers";
import { NOT_JSON, NOT_UTF8, REQUIRED, UNSUPPORTED, JSON_HEADERS, bytes, post, streamed } from "./requests";

describe("content type", () => {
  it.each([
    "application/json",
    "application/json; charset=utf-8",
    "application/json;charset=UTF-8",
    'application/json; charset="utf-8"',
    "APPLICATION/JSON",
    "application/merge-patch+json",
    "application/vnd.api+json",
  ])("accepts %s", async (type) => {
    await expect(readJson(post('{"title":" x "}', { "content-type": type }), createTaskBody)).resolves.toStrictEqual({
      title: "x",
    });
  });

  it.each([
    ["text/plain", { "content-type": "text/plain" }],
    ["application/xml", { "content-type": "application/xml" }],
    ["text/json", { "content-type": "text/json" }],
    ["application/jsonp", { "content-type": "application/jsonp" }],
    ["a non-UTF-8 charset", { "content-type": "application/json; charset=iso-8859-1" }],
    ["an extra parameter", { "content-type": "application/json; charset=utf-8; v=1" }],
    ["form data", { "content-type": "application/x-www-form-urlencoded" }],
  ])("refuses %s with 415", async (_, headers) => {
    const error = await appErrorOf(() => readJson(post('{"title":"x"}', headers), createTaskBody));
    expect(problemBody(error)).toStrictEqual(UNSUPPORTED);
  });

  it("refuses a body with no Content-Type with 415", async () => {
    const req = post(bytes('{"title":"x"}'), {});
    expect(req.headers.get("content-type")).toBeNull();
    const error = await appErrorOf(() => readOptionalJson(req, createTaskBody));
    expect([error.code, error.detail, error.errors]).toEqual(["unsupported_media_type", UNSUPPORTED.detail, undefined]);
  });

  it("a string body defaults to text/plain, which is refused", async () => {
    const error = await appErrorOf(() => readJson(post('{"title":"x"}', {}), createTaskBody));
    expect(problemBody(error)).toStrictEqual(UNSUPPORTED);
  });
});

describe("decoding", () => {
  it.each([
    ["truncated JSON", '{"title":'],
    ["a trailing comma", '{"title":"x",}'],
    ["single quotes", "{'title':'x'}"],
    ["only whitespace", "   "],
    ["two documents", '{"title":"x"}{}'],
  ])("refuses %s with 400", async (_, text) => {
    const error = await appErrorOf(() => readJson(post(text), createTaskBody));
    expect([error.code, error.detail, error.errors]).toEqual(["invalid_json", NOT_JSON.detail, undefined]);
    expect(problemBody(error)).toStrictEqual(NOT_JSON);
  });

  it.each([
    ["a 0xFF byte", [0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]],
    ["an overlong slash", [0x22, 0xc0, 0xaf, 0x22]],
    ["a UTF-8-encoded surrogate", [0x22, 0xed, 0xa0, 0x80, 0x22]],
    ["a truncated sequence at the end", [0x22, 0x61, 0x22, 0xe2, 0x82]],
  ])("refuses invalid UTF-8 (%s) with 400", async (_, raw) => {
    const error = await appErrorOf(() => readOptionalJson(post(new Uint8Array(raw)), z.unknown()));
    expect(problemBody(error)).toStrictEqual(NOT_UTF8);
  });

  it("joins a multi-byte character split across chunks", async () => {
    const body = bytes('{"title":"😀"}');
    const { req } = streamed([body.subarray(0, 11), body.subarray(11)]);
    await expect(readJson(req, createTaskBody)).resolves.toStrictEqual({ title: "😀" });
  });
});

describe("empty bodies", () => {
  it("readJson refuses an empty body with 400", async () => {
    const error = await appErrorOf(() => readJson(post(""), createTaskBody));
    expect([error.code, error.detail, error.errors]).toEqual(["invalid_json", REQUIRED.detail, undefined]);
    expect(problemBody(error)).toStrictEqual(REQUIRED);
  });

  it("readJson refuses a request without a body with 400", async () => {
    const req = new Request("http://x/api/tasks", { method: "POST", headers: JSON_HEADERS });
    expect(problemBody(await appErrorOf(() => readJson(req, createTaskBody)))).toStrictEqual(REQUIRED);
  });

  it.each([
    ["no body", new Request("http://x/api/tasks", { method: "POST" })],
    ["an empty JSON body", post("")],
    ["an empty text/plain body", post("", { "content-type": "text/plain" })],
  ])("readOptionalJson gives undefined for %s", async (_, req) => {
    await expect(readOptionalJson(req, createTaskBody)).resolves.toBeUndefined();
  });

  it("readOptionalJson still validates a body that is there", async () => {
    await expect(readOptionalJson(post('{"completed":true}'), z.strictObject({ completed: z.boolean() }))).resolves
      .toStrictEqual({ completed: true });
  });
});

describe("validation", () => {
  it("throws 422 with one field error per problem", async () => {
    const error = await appErrorOf(() => readJson(post('{"title":"","userId":"u","priority":"urgent"}'), createTaskBody));
    const errors = [
      { path: "title", message: "Must not be empty." },
      { path: "priority", message: "Must be one of low, medium, high, or null." },
      { path: "userId", message: "Unknown or read-only field." },
    ];
    expect([error.code, error.detail, error.errors]).toEqual(["validation_failed", "One or more fields are invalid.", errors]);
    expect(problemBody(error)).toStrictEqual({
      type: "urn:tasks:problem:validation-failed",
      title: "Validation failed",
      status: 422,
      detail: "One or more fields are invalid.",
      errors,
    });
  });

  it("names __proto__ sent in the body", async () => {
    const error = await appErrorOf(() => readJson(post('{"title":"x","__proto__":{"admin":true}}'), createTaskBody));
    expect(error.errors).toEqual([{ path: "__proto__", message: "Unknown or read-only field." }]);
  });

  it("reports a JSON null body at the root path", async () => {
    const error = await appErrorOf(() => readJson(post("null"), createTaskBody));
    expect(error.errors).toEqual([{ path: "", message: "Invalid input: expected object, received null" }]);
  });
});
