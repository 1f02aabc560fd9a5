import { describe, expect, it } from "vitest";
import { requestWithHeaders } from "@/lib/http/request-with-headers";

// Next hands a route handler a Proxy around its request whose property reads go to the
// target (app-route/module.js, proxyNextRequest). On Node 24, `new Request(proxy, init)`
// throws there; the copy must be built from public properties alone. CI runs this file on
// Node 24 too.
function asNextHandsIt(req: Request): Request {
  return new Proxy(req, { get: (target, prop) => Reflect.get(target, prop, target) });
}

const headers = () => new Headers({ "content-type": "application/json", "x-tasks-client-ip": "203.0.113.7" });

describe("requestWithHeaders", () => {
  it("copies a POST with its streamed body, method and URL, and only the new headers", async () => {
    const original = asNextHandsIt(
      new Request("http://app.test/api/auth/sign-up/email?x=1", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "9.9.9.9" },
        body: '{"email":"a@example.com"}',
      }),
    );
    const copy = requestWithHeaders(original, headers());
    expect(copy).toBeInstanceOf(Request);
    expect([copy.method, copy.url, Object.fromEntries(copy.headers)]).toStrictEqual([
      "POST",
      "http://app.test/api/auth/sign-up/email?x=1",
      { "content-type": "application/json", "x-tasks-client-ip": "203.0.113.7" },
    ]);
    expect(await copy.text()).toBe('{"email":"a@example.com"}');
  });

  it("copies a GET without a body", async () => {
    const copy = requestWithHeaders(asNextHandsIt(new Request("http://app.test/api/auth/get-session")), headers());
    expect([copy.method, copy.body, await copy.text()]).toStrictEqual(["GET", null, ""]);
  });

  it("follows the original's abort", () => {
    const controller = new AbortController();
    const copy = requestWithHeaders(asNextHandsIt(new Request("http://app.test/", { signal: controller.signal })), headers());
    controller.abort();
    expect(copy.signal.aborted).toBe(true);
  });
});
