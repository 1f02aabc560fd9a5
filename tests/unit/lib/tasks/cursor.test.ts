import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "@/lib/tasks/cursor";
import { appErrorOf } from "../../helpers";

const ID = "0196a3c0-1e2f-7a3b-8c4d-5e6f7a8b9c0d";
const V4 = "3f2b8c1e-9d4a-4e6b-a7c8-1d2e3f4a5b6c";
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("encodeCursor / decodeCursor", () => {
  it.each([
    ["a v7 id with millis", new Date("2026-05-01T17:00:00.123Z"), ID],
    ["a v4 id", new Date("2026-05-01T17:00:00.000Z"), V4],
    ["the epoch", new Date(0), ID],
    ["before the epoch", new Date(-1), ID],
    ["the last valid Date", new Date(8.64e15), ID],
  ])("round-trips %s", (_, createdAt, id) => {
    const cursor = encodeCursor({ createdAt, id });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // URL-safe, no padding: goes into a query string as is
    expect(decodeCursor(cursor)).toStrictEqual({ createdAt, id });
  });

  it("is base64url of [millis, id]", () => {
    const cursor = encodeCursor({ createdAt: new Date("2026-05-01T17:00:00.123Z"), id: ID });
    expect(JSON.parse(Buffer.from(cursor, "base64url").toString())).toEqual([1777654800123, ID]);
  });

  it("gives different cursors for different positions", () => {
    const a = encodeCursor({ createdAt: new Date(1000), id: ID });
    expect(encodeCursor({ createdAt: new Date(1001), id: ID })).not.toBe(a);
    expect(encodeCursor({ createdAt: new Date(1000), id: V4 })).not.toBe(a);
  });
});

describe("decodeCursor refuses", () => {
  it.each([
    ["an empty string", ""],
    ["garbage", "garbage"],
    ["punctuation", "!!!%%%"],
    ["a uuid", ID],
    ["base64 of plain text", Buffer.from("hello").toString("base64url")],
    ["base64 of truncated JSON", Buffer.from(`[1,"${ID}"`).toString("base64url")],
    ["base64 of invalid UTF-8", Buffer.from([0x5b, 0xff, 0x5d]).toString("base64url")],
    ["an object", b64({ createdAt: 1, id: ID })],
    ["null", b64(null)],
    ["a number", b64(1)],
    ["an empty array", b64([])],
    ["a 1-element array", b64([1])],
    ["a 3-element array", b64([1, ID, "x"])],
    ["swapped elements", b64([ID, 1])],
    ["a non-uuid id", b64([1, "not-a-uuid"])],
    ["an SQL-ish id", b64([1, "' or 1=1 --"])],
    ["a uuid id with extra characters", b64([1, `${ID}x`])],
    ["a numeric id", b64([1, 42])],
    ["fractional millis", b64([1.5, ID])],
    ["millis as a string", b64(["1777654800123", ID])],
    ["null millis", b64([null, ID])],
    ["an ISO date instead of millis", b64(["2026-05-01T17:00:00Z", ID])],
    ["millis past the last valid Date", b64([8.64e15 + 1, ID])],
    ["huge millis", b64([9e15, ID])],
    ["unsafe-integer millis", b64([2 ** 53, ID])],
    ["far-negative millis", b64([-1e300, ID])],
  ])("%s", async (_, cursor) => {
    const error = await appErrorOf(() => decodeCursor(cursor));
    expect({ code: error.code, detail: error.detail, errors: error.errors }).toStrictEqual({
      code: "invalid_query",
      detail: "The cursor is not one this API returned.",
      errors: [{ path: "cursor", message: "Invalid cursor." }],
    });
  });
});
