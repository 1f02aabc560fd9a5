import { afterEach, describe, expect, it, vi } from "vitest";
import { isUuid, newTaskId } from "@/lib/tasks/ids";

const V4 = "3f2b8c1e-9d4a-4e6b-a7c8-1d2e3f4a5b6c";
const V7 = "0196a3c0-1e2f-7a3b-8c4d-5e6f7a8b9c0d";
const V7_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisOf = (id: string) => parseInt(id.replaceAll("-", "").slice(0, 12), 16);

/** A fresh copy of the module: its same-millisecond counter starts from nothing. */
async function freshNewTaskId(): Promise<() => string> {
  vi.resetModules();
  return (await import("@/lib/tasks/ids")).newTaskId;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("isUuid", () => {
  it.each([V4, V7, V4.toUpperCase(), "00000000-0000-0000-0000-000000000000"])("accepts %s", (value) => {
    expect(isUuid(value)).toBe(true);
  });

  it.each([
    "",
    "1",
    "' or 1=1 --",
    `${V4}x`,
    `x${V4}`,
    `${V4}\n`,
    ` ${V4}`,
    V4.replaceAll("-", ""),
    `{${V4}}`,
    V4.replace("3f", "3g"),
    V4.slice(0, -1),
    `${V4.slice(0, 8)}_${V4.slice(9)}`,
  ])("rejects %j", (value) => {
    expect(isUuid(value)).toBe(false);
  });
});

describe("newTaskId (UUIDv7)", () => {
  it("gives a lowercase v7 uuid with the RFC 9562 variant", () => {
    const id = newTaskId();
    expect(id).toMatch(V7_SHAPE);
    expect(isUuid(id)).toBe(true);
  });

  it("carries the current time in its first 48 bits", () => {
    const before = Date.now();
    const id = newTaskId();
    const after = Date.now();
    expect(millisOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisOf(id)).toBeLessThanOrEqual(after);
  });

  it("is strictly increasing as strings over 1000 ids made in a tight loop", () => {
    const ids = Array.from({ length: 1000 }, () => newTaskId());
    for (const id of ids) expect(id).toMatch(V7_SHAPE);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!, `${ids[i - 1]} < ${ids[i]}`).toBe(true);
    expect(new Set(ids).size).toBe(1000);
  });

  it("counts within one millisecond, and borrows the next one after 4096 ids", async () => {
    const next = await freshNewTaskId();
    const now = Date.UTC(2026, 4, 1, 17);
    vi.spyOn(Date, "now").mockReturnValue(now);
    const ids = Array.from({ length: 5000 }, () => next());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(ids.slice(0, 4096).every((id) => millisOf(id) === now)).toBe(true);
    expect(ids.slice(4096).every((id) => millisOf(id) === now + 1)).toBe(true);
    expect(ids.slice(0, 3).map((id) => id.slice(14, 18))).toEqual(["7000", "7001", "7002"]);
    expect(ids[4095]!.slice(14, 18)).toBe("7fff");
    expect(ids[4096]!.slice(14, 18)).toBe("7000");
  });

  it("stays increasing when the clock steps back", async () => {
    const next = await freshNewTaskId();
    const now = vi.spyOn(Date, "now");
    const later = Date.UTC(2026, 4, 1, 17);
    now.mockReturnValue(later);
    const first = next();
    now.mockReturnValue(later - 60_000);
    const second = next();
    expect(second > first).toBe(true);
    expect(millisOf(second)).toBe(later);
    now.mockReturnValue(later + 1);
    const third = next();
    expect([third > second, millisOf(third), third.slice(14, 18)]).toEqual([true, later + 1, "7000"]);
  });
});
