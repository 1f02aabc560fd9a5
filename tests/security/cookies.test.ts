import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { uniqueEmail } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";

// Behind https (BETTER_AUTH_URL=https://...), the session cookie is Secure and __Secure-
// prefixed. The test talks plain http to 127.0.0.1, as a TLS-terminating proxy would:
// Better Auth decides by its base URL, not by the connection. (Plain http: misconfiguration.test.ts.)

const PUBLIC_URL = "https://tasks.example.test";

const { server } = useAppServer({ env: { BETTER_AUTH_URL: PUBLIC_URL } });

/** Each Set-Cookie as its name and its attributes, sorted, without the value. */
function cookies(res: Response): [string, string[]][] {
  return res.headers.getSetCookie().map((c) => {
    const [pair, ...attributes] = c.split("; ");
    return [pair!.slice(0, pair!.indexOf("=")), attributes.sort()];
  });
}

const SESSION_COOKIE: [string, string[]] = [
  "__Secure-better-auth.session_token",
  ["HttpOnly", "Max-Age=604800", "Path=/", "SameSite=Lax", "Secure"],
];

async function post(path: string, body: object): Promise<Response> {
  return fetch(server.url + path, {
    method: "POST",
    headers: { "content-type": "application/json", origin: PUBLIC_URL },
    body: JSON.stringify(body),
  });
}

describe("session cookies behind https", () => {
  const email = uniqueEmail("Alice");
  const password = `pw-${randomBytes(8).toString("hex")}`;

  it("sign-up: __Secure-, HttpOnly, Secure, SameSite=Lax, host-only", async () => {
    const res = await post("/api/auth/sign-up/email", { name: "Alice", email, password });
    expect(res.status).toBe(200);
    expect(cookies(res)).toEqual([SESSION_COOKIE]);
  });

  it("sign-in: the same", async () => {
    const res = await post("/api/auth/sign-in/email", { email, password });
    expect(res.status).toBe(200);
    expect(cookies(res)).toEqual([SESSION_COOKIE]);
  });

  it("the __Secure- cookie is the one the API accepts", async () => {
    const res = await post("/api/auth/sign-in/email", { email, password });
    const cookie = res.headers.getSetCookie()[0]!.split(";")[0]!;
    const list = await fetch(`${server.url}/api/tasks`, { headers: { cookie } });
    expect(list.status).toBe(200);
    const unprefixed = cookie.replace("__Secure-", "");
    expect((await fetch(`${server.url}/api/tasks`, { headers: { cookie: unprefixed } })).status).toBe(401);
  });

  it("sign-out expires it with the same attributes", async () => {
    const signIn = await post("/api/auth/sign-in/email", { email, password });
    const cookie = signIn.headers.getSetCookie()[0]!.split(";")[0]!;
    const res = await fetch(`${server.url}/api/auth/sign-out`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: PUBLIC_URL, cookie },
      body: "{}",
    });
    expect(res.status).toBe(200);
    const [name, attributes] = cookies(res).find(([n]) => n === "__Secure-better-auth.session_token")!;
    expect([name, attributes.filter((a) => !a.startsWith("Max-Age"))]).toEqual([
      "__Secure-better-auth.session_token",
      ["HttpOnly", "Path=/", "SameSite=Lax", "Secure"],
    ]);
    expect(attributes).toContain("Max-Age=0");
  });
});
