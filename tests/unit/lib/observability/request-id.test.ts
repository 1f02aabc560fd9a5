import { describe, expect, it } from "vitest";
import { requestIdOf } from "@/lib/observability/request-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdOf", () => {
  it.each([
    "a",
    "0193a0d2-7c1e-7000-8000-000000000001",
    "01ARZ3NDEKTSV4RRFFQ69G5FAV",
    "gateway:host-7:12345",
    "trace.span_1",
    "x".repeat(128),
  ])("keeps the client's %s", (id) => {
    expect(requestIdOf(id)).toBe(id);
  });

  it.each([
    ["none", null],
    ["empty", ""],
    ["129 characters", "x".repeat(129)],
    ["a space", "a b"],
    ["a newline (log injection)", 'abc\n{"level":"error"}'],
    ["quotes", '"abc"'],
    ["two headers joined", "abc, def"],
    ["non-ASCII", "café"],
    ["a slash", "a/b"],
  ])("replaces %s with a fresh UUID", (_, given) => {
    const id = requestIdOf(given);
    expect(id).toMatch(UUID);
    expect(requestIdOf(given)).not.toBe(id);
  });
});
