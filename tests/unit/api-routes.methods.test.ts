import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HTTP_METHODS } from "@/lib/http/methods";

// Next answers a method a route file does not export by itself: a bodyless 405 with no
// Allow and no X-Request-Id. So every route file exports every method (HEAD is Next's own
// where GET exists: it runs GET and drops the body). A new route that forgets
// `otherMethods(...)` fails here. And every route file is under app/api or app/docs, the
// paths the method gate (lib/http/method-gate.ts) hands to route handlers: on any other
// path it answers for the UI's pages itself.

const APP = path.resolve(import.meta.dirname, "../../app");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

describe("every route answers every method itself", () => {
  const files = routeFiles(APP);

  it("are all under app/api or app/docs", () => {
    expect(files.map((f) => path.relative(APP, f).split(path.sep)[0]).filter((top) => top !== "api" && top !== "docs")).toEqual([]);
  });

  it("finds the routes", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files.map((f) => [path.relative(APP, f)]))("%s", async (file) => {
    const exports = (await import(path.join(APP, file))) as Record<string, unknown>;
    const headIsNexts = typeof exports.GET === "function";
    for (const method of HTTP_METHODS) {
      if (method === "HEAD" && headIsNexts) continue;
      expect(typeof exports[method], `${file} exports ${method}`).toBe("function");
    }
  });
});
