import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, type CursorKey } from "@/lib/tasks/cursor";
import { CURSOR_MAX } from "@/lib/tasks/list-query";
import { appErrorOf } from "../../helpers";

const ID = "0196a3c0-1e2f-7a3b-8c4d-5e6f7a8b9c0d";
const V4 = "3f2b8c1e-9d4a-4e6b-a7c8-1d2e3f4a5b6c";
const CONTEXT = { binding: '["createdAt","desc","all",null,null,null,null,null,null]', secret: "unit-test-secret-for-cursors-0123456789" };

// The format, computed independently of the implementation: base64url([key, id]), ".",
// then HMAC-SHA256(HMAC-SHA256(secret, "tasks-cursor-v1"), payload "." binding), 16 bytes.
function sign(value: unknown, context = CONTEXT): string {
  const payload = Buffer.from(JSON.stringify(value)).toString("base64url");
  const key = createHmac("sha256", context.secret).update("tasks-cursor-v1").digest();
  const mac = createHmac("sha256", key).update(`${payload}.${context.binding}`).digest().subarray(0, 16).toString("base64url");
  return `${payload}.${mac}`;
}

async function expectInvalid(cursor: string, context = CONTEXT) {
  const error = await appErrorOf(() => decodeCursor(cursor, context));
  expect({ code: error.code, detail: error.detail, errors: error.errors }).toStrictEqual({
    code: "invalid_query",
    detail: "The cursor is not one this API returned for this sort and these filters.",
    errors: [{ path: "cursor", message: "Invalid cursor." }],
  });
}

describe("encodeCursor / decodeCursor", () => {
  it.each<[string, CursorKey, string]>([
    ["creation millis", 1777654800123, ID],
    ["millis before the epoch", -1, ID],
    ["a v4 id", 0, V4],
    ["a null key (no due date, no priority)", null, ID],
    ["a priority", "high", ID],
    ["a rank (float8)", 0.0607927106320858, ID],
    ["a tiny rank", 1e-300, ID],
    ["a title with quotes, backslashes and a dot", 'say "hi" \\ now. ok', ID],
    ["a title of 200 emoji", "😀".repeat(200), ID],
    ["an empty string", "", ID],
  ])("round-trips %s", (_, key, id) => {
    const cursor = encodeCursor({ key, id }, CONTEXT);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/); // URL-safe, no padding
    expect(decodeCursor(cursor, CONTEXT)).toStrictEqual({ key, id });
  });

  it("is base64url of [key, id], a dot, and a 128-bit HMAC-SHA256 bound to the listing", () => {
    expect(encodeCursor({ key: 1777654800123, id: ID }, CONTEXT)).toBe(sign([1777654800123, ID]));
    const [payload] = encodeCursor({ key: null, id: V4 }, CONTEXT).split(".");
    expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toEqual([null, V4]);
  });

  it("fits the query's length limit with the longest title (200 four-byte or escaped characters)", () => {
    for (const title of ["😀".repeat(200), '"'.repeat(200), "\\".repeat(200)]) {
      const cursor = encodeCursor({ key: title, id: ID }, CONTEXT);
      expect(cursor.length).toBeLessThanOrEqual(CURSOR_MAX);
      expect(decodeCursor(cursor, CONTEXT).key).toBe(title);
    }
  });

  it("is short for the common sorts", () => {
    expect(encodeCursor({ key: 1777654800123, id: ID }, CONTEXT).length).toBeLessThanOrEqual(100);
  });

  it("gives different cursors for different positions", () => {
    const a = encodeCursor({ key: 1000, id: ID }, CONTEXT);
    expect(encodeCursor({ key: 1001, id: ID }, CONTEXT)).not.toBe(a);
    expect(encodeCursor({ key: 1000, id: V4 }, CONTEXT)).not.toBe(a);
  });
});

describe("decodeCursor detects tampering", () => {
  const cursor = encodeCursor({ key: "Water the plants", id: ID }, CONTEXT);

  it("refuses the cursor with any one character changed, payload or MAC", async () => {
    expect(cursor.length).toBeGreaterThan(60);
    for (let i = 0; i < cursor.length; i++) {
      if (cursor[i] === ".") continue;
      // The next base64url character: differs only in the low bits, which for the last
      // character can be padding that Buffer ignores; the MAC covers the text, not the bytes.
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      const flipped = alphabet[(alphabet.indexOf(cursor[i]!) + 1) % 64]!;
      await expectInvalid(cursor.slice(0, i) + flipped + cursor.slice(i + 1));
    }
  });

  it("refuses it for another listing (sort, order or filters)", async () => {
    await expectInvalid(cursor, { ...CONTEXT, binding: CONTEXT.binding.replace("desc", "asc") });
    await expectInvalid(cursor, { ...CONTEXT, binding: "" });
  });

  it("refuses it under another secret (another server)", async () => {
    await expectInvalid(cursor, { ...CONTEXT, secret: `${CONTEXT.secret}x` });
  });

  it("refuses a payload re-encoded with a MAC that was computed for another one", async () => {
    const [, mac] = cursor.split(".");
    await expectInvalid(`${Buffer.from(JSON.stringify([null, ID])).toString("base64url")}.${mac}`);
  });

  it.each([
    ["an empty string", ""],
    ["garbage", "garbage"],
    ["punctuation", "!!!%%%"],
    ["a uuid", ID],
    ["the payload alone", cursor.split(".")[0]!],
    ["the MAC alone", `.${cursor.split(".")[1]}`],
    ["a truncated MAC", cursor.slice(0, -1)],
    ["an extra character", `${cursor}A`],
    ["two dots", cursor.replace(".", "..")],
    ["a standard base64 character", `${cursor.slice(0, 5)}+${cursor.slice(6)}`],
    ["base64 padding", `${cursor}=`],
    ["surrounding spaces", ` ${cursor} `],
    ["an old unsigned cursor", Buffer.from(JSON.stringify([1777654800123, ID])).toString("base64url")],
  ])("refuses %s", async (_, value) => {
    await expectInvalid(value);
  });

  // Correctly signed (as if by a bug or a future format), but not a position.
  it.each([
    ["base64 of plain text", "hello"],
    ["an object", { key: 1, id: ID }],
    ["null", null],
    ["an empty array", []],
    ["a 1-element array", [1]],
    ["a 3-element array", [1, ID, "x"]],
    ["swapped elements", [ID, 1]],
    ["a non-uuid id", [1, "not-a-uuid"]],
    ["an SQL-ish id", [1, "' or 1=1 --"]],
    ["a numeric id", [1, 42]],
    ["a boolean key", [true, ID]],
    ["an object key", [{}, ID]],
    ["an array key", [[1], ID]],
  ])("refuses a signed payload holding %s", async (_, value) => {
    await expectInvalid(sign(value));
  });

  it("refuses signed bytes that are not JSON", async () => {
    const payload = Buffer.from([0x5b, 0xff, 0x5d]).toString("base64url");
    const key = createHmac("sha256", CONTEXT.secret).update("tasks-cursor-v1").digest();
    const mac = createHmac("sha256", key).update(`${payload}.${CONTEXT.binding}`).digest().subarray(0, 16).toString("base64url");
    await expectInvalid(`${payload}.${mac}`);
  });
});
