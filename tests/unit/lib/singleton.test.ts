import { afterEach, describe, expect, it, vi } from "vitest";
import { processSingleton, resetProcessSingleton } from "@/lib/singleton";

// "redis" stands in for any key: each test resets it.
afterEach(() => void resetProcessSingleton("redis"));

describe("processSingleton", () => {
  it("makes the value once, and every copy of the module sees it (route bundles, hot reload)", async () => {
    const create = vi.fn(() => ({ made: true }));
    const first = processSingleton("redis", create);
    expect(processSingleton("redis", create)).toBe(first);
    vi.resetModules();
    const again = await import("@/lib/singleton");
    expect(again.processSingleton("redis", create)).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it("replaces a value that no longer fits, after telling `replacing`", () => {
    const replaced: string[] = [];
    const options = (url: string) => ({ fits: (c: { url: string }) => c.url === url, replacing: (p: { url: string }) => void replaced.push(p.url) });
    const a = processSingleton("redis", () => ({ url: "a" }), options("a"));
    expect(processSingleton("redis", () => ({ url: "a" }), options("a"))).toBe(a);
    expect(processSingleton("redis", () => ({ url: "b" }), options("b")).url).toBe("b");
    expect(replaced).toEqual(["a"]);
  });
});

describe("resetProcessSingleton", () => {
  it("forgets the value and returns it; the next use makes a new one", () => {
    const first = processSingleton("redis", () => ({}));
    expect(resetProcessSingleton("redis")).toBe(first);
    expect(resetProcessSingleton("redis")).toBeUndefined();
    expect(processSingleton("redis", () => ({}))).not.toBe(first);
  });

  it("with `only`, forgets it only if it is still that value", () => {
    const stale = {};
    const current = processSingleton("redis", () => ({}));
    expect(resetProcessSingleton("redis", stale)).toBeUndefined();
    expect(processSingleton("redis", () => ({}))).toBe(current);
    expect(resetProcessSingleton("redis", current)).toBe(current);
  });
});
