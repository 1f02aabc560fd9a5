import { describe, expect, it } from "vitest";
import { pathOf, routeLabel } from "@/lib/observability/route-label";

describe("routeLabel", () => {
  it.each([
    ["/api/tasks", "/api/tasks"],
    ["/api/tasks/", "/api/tasks"],
    ["/api/tasks/0193a0d2-7c1e-7000-8000-000000000001", "/api/tasks/{id}"],
    ["/api/tasks/not-a-uuid", "/api/tasks/{id}"],
    ["/api/tasks/0193a0d2/complete", "/api/tasks/{id}/complete"],
    ["/api/tasks/batch", "/api/tasks/batch"],
    ["/api/tasks/changes", "/api/tasks/changes"],
    ["/api/tasks/summary", "/api/tasks/summary"],
    ["/api/tasks/0193a0d2/attachments", "/api/tasks/{id}/attachments"],
    ["/api/tasks/0193a0d2/attachments/0193a0d3", "/api/tasks/{id}/attachments/{attachmentId}"],
    ["/api/tasks/0193a0d2/attachments/0193a0d3/x", "/api/other"],
    ["/api/tasks/abc/other", "/api/other"],
    ["/api/tasks/a/b/c", "/api/other"],
    ["/api/tasksx", "/api/other"],
    ["/api/health", "/api/health"],
    ["/api/health/live", "/api/health/live"],
    ["/api/metrics", "/api/metrics"],
    ["/docs", "/docs"],
    ["/docs/scalar.js", "/docs/scalar.js"],
    ["/api/auth/sign-in/email", "/api/auth/sign-in/email"],
    ["/api/auth/sign-up/email", "/api/auth/sign-up/email"],
    ["/api/auth/Sign-Out", "/api/auth/sign-out"],
    ["/api/auth/token", "/api/auth/token"],
    ["/api/auth/jwks/", "/api/auth/jwks"],
    ["/api/auth/reset-password/secret-token-123", "/api/auth/other"],
    ["/api/auth/../../etc/passwd", "/api/auth/other"],
    ["/api/auth/", "/api/auth/other"],
    ["/api/nope", "/api/other"],
    ["/", "/api/other"],
  ])("%s -> %s", (path, label) => {
    expect(routeLabel(path)).toBe(label);
  });

  it("a thousand different ids make one label", () => {
    const labels = new Set(Array.from({ length: 1000 }, (_, i) => routeLabel(`/api/tasks/${i}-${Math.random()}`)));
    expect([...labels]).toEqual(["/api/tasks/{id}"]);
  });
});

describe("pathOf", () => {
  it.each([
    ["http://127.0.0.1:3000/api/tasks?q=secret&limit=5", "/api/tasks"],
    ["https://app.example/api/tasks/1/complete#frag", "/api/tasks/1/complete"],
    ["http://h/api/tasks/1?x=1#y", "/api/tasks/1"],
    ["http://h/api/tasks#a?b", "/api/tasks"],
    ["http://h", "/"],
    ["/api/health", "/api/health"],
  ])("%s -> %s", (url, path) => {
    expect(pathOf(url)).toBe(path);
  });
});
