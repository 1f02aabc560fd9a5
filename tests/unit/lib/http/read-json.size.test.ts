import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, readJson } from "@/lib/http/read-json";
import { problemBody } from "@/lib/http/problem";
import { createTaskBody } from "@/lib/tasks/schemas";
import { appErrorOf } from "../../helpers";
import { JSON_HEADERS, TOO_LARGE, bytes, paddedJson, post, streamed } from "./requests";

// readJson's 16 KiB limit, by declared Content-Length and by bytes actually streamed.

describe("readJson size limit", () => {
  it("is 16 KiB", () => expect(MAX_BODY_BYTES).toBe(16384));

  it.each(["16385", "1000000", "1e9"])("refuses Content-Length %s before reading", async (length) => {
    const { req, seen } = streamed([bytes('{"title":"x"}')], { ...JSON_HEADERS, "content-length": length });
    const error = await appErrorOf(() => readJson(req, createTaskBody));
    expect(problemBody(error)).toStrictEqual(TOO_LARGE);
    expect([seen.pulls, req.bodyUsed]).toEqual([0, false]);
  });

  it("takes Content-Length 16384 with 16384 bytes of valid JSON", async () => {
    const req = post(paddedJson(16384), { ...JSON_HEADERS, "content-length": "16384" });
    await expect(readJson(req, createTaskBody)).resolves.toStrictEqual({ title: "x" });
  });

  it("takes exactly 16384 streamed bytes", async () => {
    const body = bytes(paddedJson(16384));
    const { req } = streamed([body.subarray(0, 10000), body.subarray(10000)]);
    await expect(readJson(req, createTaskBody)).resolves.toStrictEqual({ title: "x" });
  });

  it("refuses 16385 streamed bytes without Content-Length and cancels the stream", async () => {
    const body = bytes(paddedJson(16385));
    const { req, seen } = streamed([body.subarray(0, 16384), body.subarray(16384)]);
    const error = await appErrorOf(() => readJson(req, createTaskBody));
    expect(problemBody(error)).toStrictEqual(TOO_LARGE);
    expect(seen.cancelled).toBe(true);
  });

  it("stops reading an endless stream once past the limit", async () => {
    const { req, seen } = streamed(Array.from({ length: 1000 }, () => new Uint8Array(4096).fill(0x20)));
    const error = await appErrorOf(() => readJson(req, createTaskBody));
    expect(error.code).toBe("payload_too_large");
    // 4 x 4096 = 16384 is still fine; the 5th chunk crosses the limit and ends the read.
    expect([seen.pulls, seen.cancelled]).toEqual([5, true]);
  });

  it("does not trust a small Content-Length over the bytes actually sent", async () => {
    const { req } = streamed([bytes(paddedJson(20000))], { ...JSON_HEADERS, "content-length": "13" });
    expect(problemBody(await appErrorOf(() => readJson(req, createTaskBody)))).toStrictEqual(TOO_LARGE);
  });
});

