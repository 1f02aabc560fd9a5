import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, handleAuthRequest } from "@/lib/rate-limit/auth-limits";

// handleAuthRequest around a stand-in for Better Auth's handler: what reaches it, and what
// comes back out.

function request(path: string, headers: Record<string, string> = {}) {
  return new Request(`http://app.test/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email: "a@example.com", password: "pw" }),
  });
}

async function seenBy(req: Request, trusted: string | undefined) {
  let seen: { ip: string | null; body: string } | undefined;
  await handleAuthRequest(
    req,
    async (r) => {
      seen = { ip: r.headers.get(CLIENT_IP_HEADER), body: await r.text() };
      return new Response("{}");
    },
    trusted,
  );
  return seen!;
}

describe("the client IP Better Auth sees", () => {
  it.each([
    ["no trusted header: none, whatever the client sends", undefined, { "x-forwarded-for": "203.0.113.7", [CLIENT_IP_HEADER]: "1.1.1.1" }, null],
    ["from the trusted header", "x-forwarded-for", { "x-forwarded-for": "9.9.9.9, 203.0.113.7" }, "203.0.113.7"],
    ["the client's own X-Tasks-Client-Ip replaced", "x-real-ip", { "x-real-ip": "203.0.113.8", [CLIENT_IP_HEADER]: "1.1.1.1" }, "203.0.113.8"],
    ["the client's own X-Tasks-Client-Ip removed when the trusted one is missing", "x-real-ip", { [CLIENT_IP_HEADER]: "1.1.1.1" }, null],
    ["nothing for a value that is not an address", "x-real-ip", { "x-real-ip": "me" }, null],
  ])("%s", async (_, trusted, headers, ip) => {
    expect(await seenBy(request("/sign-in/email", headers), trusted)).toStrictEqual({
      ip,
      body: '{"email":"a@example.com","password":"pw"}',
    });
  });
});

describe("Better Auth's limiter refusals", () => {
  const limiter429 = () =>
    new Response(JSON.stringify({ message: "Too many requests. Please try again later." }), {
      status: 429,
      headers: { "Content-Type": "application/json", "X-Retry-After": "42" },
    });

  it.each([
    ["/sign-in/email", "5"],
    ["/sign-up/email", "5"],
    ["/get-session", "100"],
  ])("on %s: Retry-After, the RateLimit headers of the rule, a { code, message } body", async (path, limit) => {
    const res = await handleAuthRequest(request(path), async () => limiter429(), "x-real-ip");
    expect(res.status).toBe(429);
    expect(Object.fromEntries(res.headers)).toStrictEqual({
      "content-type": "application/json",
      "retry-after": "42",
      "ratelimit-limit": limit,
      "ratelimit-remaining": "0",
      "ratelimit-reset": "42",
    });
    expect(await res.json()).toStrictEqual({ code: "RATE_LIMITED", message: "Too many requests. Please try again later." });
  });

  it("leaves every other response alone, a 429 of its own included", async () => {
    const own = new Response('{"code":"TOO_MANY_SIGN_IN_ATTEMPTS"}', { status: 429, headers: { "Retry-After": "900" } });
    expect(await handleAuthRequest(request("/sign-in/email"), async () => own, undefined)).toBe(own);
    const ok = new Response("{}");
    expect(await handleAuthRequest(request("/sign-in/email"), async () => ok, undefined)).toBe(ok);
  });
});
