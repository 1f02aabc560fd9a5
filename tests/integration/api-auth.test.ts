import { decodeJwt, SignJWT, type JWTPayload } from "jose";
import { describe, expect, it } from "vitest";
import { call, createTask, fetchJwt, signUp } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

const { server, users, as } = useAppServer({ users: ["Alice"] });

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Signs a token with the server's own key, with claims that tests choose. */
async function forge(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "EdDSA", kid: server.signingKey.kid, ...header })
    .sign(server.signingKey.privateKey);
}

function validClaims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return { sub: users.Alice.id, iss: server.url, aud: server.url, iat: now, exp: now + 600, ...overrides };
}

async function listWith(authorization: string) {
  return call(server, "GET", "/api/tasks", { headers: { authorization } });
}

describe("credentials", () => {
  it("answers 401 problem+json with WWW-Authenticate when there are none", async () => {
    const res = await call(server, "GET", "/api/tasks");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="tasks"');
    expect(res.body).toEqual(problems.unauthorized.session);
  });

  it("accepts the session cookie and the JWT alike", async () => {
    const task = await createTask(server, users.Alice, { title: "mine" });
    for (const via of ["cookie", "jwt"] as const) {
      const res = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice", via) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(task);
    }
  });

  it("issues a minimal EdDSA JWT: who, nothing about them", async () => {
    const claims = decodeJwt(users.Alice.jwt);
    expect(Object.keys(claims).sort()).toEqual(["aud", "exp", "iat", "iss", "sub"]);
    expect(claims).toMatchObject({ sub: users.Alice.id, iss: server.url, aud: server.url });
    expect(claims.exp! - claims.iat!).toBe(15 * 60);
    const header = JSON.parse(Buffer.from(users.Alice.jwt.split(".")[0]!, "base64url").toString());
    expect(header).toEqual({ alg: "EdDSA", kid: server.signingKey.kid });
  });

  it("does not sign a JWT as a side effect of reading the session", async () => {
    const res = await fetch(`${server.url}/api/auth/get-session`, { headers: { cookie: users.Alice.cookie } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { id: string } }).user.id).toBe(users.Alice.id);
    expect(res.headers.get("set-auth-jwt")).toBeNull();
  });

  it("publishes public keys only at /api/auth/jwks", async () => {
    const res = await call(server, "GET", "/api/auth/jwks");
    expect(res.status).toBe(200);
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({ kid: server.signingKey.kid, kty: "OKP", crv: "Ed25519" });
    expect(res.body.keys[0]).not.toHaveProperty("d");
  });

  it("ignores a valid cookie when an Authorization header is present", async () => {
    const res = await call(server, "GET", "/api/tasks", {
      headers: { cookie: users.Alice.cookie, authorization: "Bearer not-a-jwt" },
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(problems.unauthorized.bearer);
  });

  it("is 401 after sign-out for the cookie", async () => {
    const bob = await signUp(server, "Bob");
    const out = await fetch(`${server.url}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie: bob.cookie, origin: server.url, "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(200);
    const res = await call(server, "GET", "/api/tasks", { as: { user: bob, via: "cookie" } });
    expect(res.status).toBe(401);
  });
});

describe("JWT tampering", () => {

  const cases: [string, () => Promise<string>][] = [
    ["garbage", async () => "garbage"],
    ["empty bearer", async () => ""],
    ["a changed payload", async () => {
      const [h, , s] = users.Alice.jwt.split(".");
      return `${h}.${b64({ ...decodeJwt(users.Alice.jwt), sub: "someone-else" })}.${s}`;
    }],
    ["alg none", async () => `${b64({ alg: "none", typ: "JWT" })}.${b64(validClaims())}.`],
    ["HS256 signed with the public key", async () => {
      const jwks = (await call(server, "GET", "/api/auth/jwks")).body;
      const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
      return new SignJWT(validClaims()).setProtectedHeader({ alg: "HS256", kid: server.signingKey.kid }).sign(secret);
    }],
    ["an expired token", () => forge(validClaims({ iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 60 }))],
    ["a token not valid yet", () => forge(validClaims({ nbf: Math.floor(Date.now() / 1000) + 600 }))],
    ["a token without exp", () => forge(validClaims({ exp: undefined }))],
    ["a token issued in the future", () => forge(validClaims({ iat: Math.floor(Date.now() / 1000) + 600, exp: Math.floor(Date.now() / 1000) + 1200 }))],
    ["a token living longer than the server issues", () => forge(validClaims({ iat: Math.floor(Date.now() / 1000) - 3600 }))],
    ["the wrong audience", () => forge(validClaims({ aud: "https://elsewhere.example" }))],
    ["the wrong issuer", () => forge(validClaims({ iss: "https://elsewhere.example" }))],
    ["no subject", () => forge(validClaims({ sub: undefined }))],
    ["an unknown kid", () => forge(validClaims(), { kid: "unknown-kid" })],
    ["a kid injection", () => forge(validClaims(), { kid: "' or 1=1 --" })],
  ];

  it.each(cases)("rejects %s with 401", async (_name, make) => {
    const res = await listWith(`Bearer ${await make()}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(problems.unauthorized.bearer);
  });

  it("accepts a token forged with the same key and valid claims (the forgeries above fail for their flaw alone)", async () => {
    const res = await listWith(`Bearer ${await forge(validClaims())}`);
    expect(res.status).toBe(200);
  });

  it.each(["Basic YWxpY2U6cHc=", "Bearer", "Token abc", `Bearer ${"a".repeat(10)} extra`])(
    "rejects the Authorization header %j",
    async (authorization) => {
      const res = await listWith(authorization);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(problems.unauthorized.bearer);
    },
  );
});

describe("cross-site requests with the cookie", () => {
  const foreign: [string, Record<string, string>][] = [
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["a null Origin", { origin: "null" }],
    ["no Origin, Sec-Fetch-Site cross-site", { origin: "", "sec-fetch-site": "cross-site" }],
    ["no Origin, Sec-Fetch-Site same-site", { origin: "", "sec-fetch-site": "same-site" }],
    ["no Origin at all", { origin: "" }],
  ];

  it.each(foreign)("refuses writes with %s and changes nothing", async (_name, headers) => {
    const task = await createTask(server, users.Alice, { title: "keep me" });
    const writes = [
      call(server, "POST", "/api/tasks", { as: as("Alice", "cookie"), json: { title: "csrf" }, headers }),
      call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Alice", "cookie"), json: { title: "csrf" }, headers }),
      call(server, "PUT", `/api/tasks/${task.id}`, { as: as("Alice", "cookie"), json: { title: "csrf" }, headers }),
      call(server, "PATCH", `/api/tasks/${task.id}/complete`, { as: as("Alice", "cookie"), headers }),
      call(server, "DELETE", `/api/tasks/${task.id}`, { as: as("Alice", "cookie"), headers }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual(problems.crossOrigin);
    }
    const after = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") });
    expect(after.body).toEqual(task);
  });

  it("refuses a text/plain form-style post from another site", async () => {
    const res = await call(server, "POST", "/api/tasks", {
      as: as("Alice", "cookie"),
      headers: { origin: "https://evil.example", "content-type": "text/plain" },
      body: JSON.stringify({ title: "csrf" }),
    });
    expect(res.status).toBe(403);
  });

  it("allows same-origin writes by Origin or by Sec-Fetch-Site", async () => {
    const byOrigin = await call(server, "POST", "/api/tasks", { as: as("Alice", "cookie"), json: { title: "ok" } });
    expect(byOrigin.status).toBe(201);
    const byFetchSite = await call(server, "POST", "/api/tasks", {
      as: as("Alice", "cookie"),
      json: { title: "ok" },
      headers: { origin: "", "sec-fetch-site": "same-origin" },
    });
    expect(byFetchSite.status).toBe(201);
  });

  it("lets cookie reads and bearer writes through without an Origin", async () => {
    const read = await call(server, "GET", "/api/tasks", { as: as("Alice", "cookie"), headers: { origin: "" } });
    expect(read.status).toBe(200);
    const write = await call(server, "POST", "/api/tasks", { as: as("Alice"), json: { title: "script" } });
    expect(write.status).toBe(201);
  });
});

describe("Better Auth's own origin check", () => {
  it.each([
    ["sign-in", "/api/auth/sign-in/email", () => ({ email: users.Alice.email, password: users.Alice.password })],
    ["sign-up", "/api/auth/sign-up/email", () => ({ name: "Mallory", email: `m-${Date.now()}@example.com`, password: "password123" })],
  ])("refuses %s from a foreign Origin", async (_name, path, json) => {
    const res = await call(server, "POST", path, { headers: { origin: "https://evil.example" }, json: json() });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe("accounts", () => {
  it.each([
    ["an empty name", { name: "  " }],
    ["a name over 255 characters", { name: "n".repeat(256) }],
    ["an email over 255 characters", { email: `${"e".repeat(250)}@example.com` }],
  ])("refuses sign-up with %s as a 400, not a 500", async (_name, change) => {
    const res = await call(server, "POST", "/api/auth/sign-up/email", {
      headers: { origin: server.url },
      json: { name: "Carol", email: `carol-${Date.now()}@example.com`, password: "password123", ...change },
    });
    expect(res.status).toBe(400);
  });

  // A name that shows nothing is as empty as a blank one (lib/text/visible.ts), on sign-up
  // and on update-user; visible names with joiners in them are kept as sent.
  const INVALID_NAME = { code: "INVALID_NAME", message: "Name must be 1 to 255 characters." };
  const INVISIBLE_NAMES = [
    ["zero-width spaces", "\u200b\u200b"],
    ["a word joiner and a BOM", "\u2060\ufeff"],
    ["an ideographic space and a no-break space", "\u3000\u00a0"],
    ["a Hangul filler", "\u3164"],
    ["a braille blank", "\u2800"],
  ];

  it.each(INVISIBLE_NAMES)("refuses sign-up with a name of %s, as a blank one", async (_name, name) => {
    const res = await call(server, "POST", "/api/auth/sign-up/email", {
      headers: { origin: server.url },
      json: { name, email: `carol-${Date.now()}@example.com`, password: "password123" },
    });
    expect([res.status, res.body]).toEqual([400, INVALID_NAME]);
  });

  it.each(INVISIBLE_NAMES)("refuses update-user to a name of %s, and keeps the old name", async (_name, name) => {
    const res = await call(server, "POST", "/api/auth/update-user", { as: as("Alice", "cookie"), json: { name } });
    expect([res.status, res.body]).toEqual([400, INVALID_NAME]);
    const session = await call(server, "GET", "/api/auth/get-session", { as: as("Alice", "cookie") });
    expect(session.body.user.name).toBe(users.Alice.name);
  });

  it.each([
    ["a ZWJ family emoji", "👨‍👩‍👧"],
    ["Persian with a ZWNJ", "می\u200cخواهم"],
  ])("takes a name of %s as sent", async (_name, name) => {
    const erin = await signUp(server, "Erin");
    const res = await call(server, "POST", "/api/auth/update-user", { as: { user: erin, via: "cookie" }, json: { name } });
    expect(res.status).toBe(200);
    const session = await call(server, "GET", "/api/auth/get-session", { as: { user: erin, via: "cookie" } });
    expect(session.body.user.name).toBe(name);
  });

  it("deletes the account with its tasks, and its JWT gets 401 on every route, reads too", async () => {
    const dave = await signUp(server, "Dave");
    const task = await createTask(server, dave, { title: "gone with me" });
    await createTask(server, dave, { title: "done", completed: true });
    const jwt = await fetchJwt(server, dave.cookie);
    const since = (await call(server, "GET", "/api/tasks/changes", { as: { user: dave, via: "cookie" } })).body.next;
    const del = await call(server, "POST", "/api/auth/delete-user", {
      as: { user: dave, via: "cookie" },
      json: { password: dave.password },
    });
    expect(del.status).toBe(200);
    const asDeleted = { user: { ...dave, jwt }, via: "jwt" as const };
    // The task ids the account had, one it never had, and one that is not an id at all.
    const ids = [task.id, "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "not-an-id"];
    const requests: [string, string, object?][] = [
      ["GET", "/api/tasks"],
      ["GET", "/api/tasks?status=pending&q=gone"],
      ["GET", "/api/tasks/summary"],
      ["GET", "/api/tasks/changes"],
      ["GET", `/api/tasks/changes?since=${since}`],
      ["POST", "/api/tasks", { title: "orphan" }],
      ["DELETE", "/api/tasks?status=completed"],
      ["POST", "/api/tasks/batch", { operations: [{ op: "delete", id: task.id }] }],
      ["POST", "/api/tasks/batch", { operations: [{ op: "create", body: { title: "orphan" } }] }],
      ...ids.flatMap((id): [string, string, object?][] => [
        ["GET", `/api/tasks/${id}`],
        ["PATCH", `/api/tasks/${id}`, { title: "mine now" }],
        ["PUT", `/api/tasks/${id}`, { title: "mine now" }],
        ["DELETE", `/api/tasks/${id}`],
        ["PATCH", `/api/tasks/${id}/complete`],
      ]),
    ];
    const answers = [];
    for (const [method, path, json] of requests) {
      const res = await call(server, method, path, { as: asDeleted, ...(json ? { json } : {}) });
      answers.push({ request: `${method} ${path}`, status: res.status, detail: res.body?.detail });
    }
    expect(answers).toEqual(
      requests.map(([method, path]) => ({
        request: `${method} ${path}`,
        status: 401,
        detail: expect.stringMatching(/^(Operation 0: )?The account behind these credentials no longer exists\.$/),
      })),
    );
    const write = await call(server, "POST", "/api/tasks", { as: asDeleted, json: { title: "orphan" } });
    expect(write.body).toEqual(problems.unauthorized.deletedAccount);
    const cookie = await call(server, "GET", "/api/tasks", { as: { user: dave, via: "cookie" } });
    expect(cookie.status).toBe(401);
  });

  it("a live account with no tasks is still a 200 with an empty list, and a miss is still 404", async () => {
    const erin = await signUp(server, "Erin");
    const asErin = { user: { ...erin, jwt: await fetchJwt(server, erin.cookie) }, via: "jwt" as const };
    expect(await call(server, "GET", "/api/tasks", { as: asErin })).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    expect((await call(server, "GET", "/api/tasks/summary", { as: asErin })).status).toBe(200);
    expect((await call(server, "DELETE", "/api/tasks?status=completed", { as: asErin })).body).toEqual({ deleted: 0 });
    expect((await call(server, "GET", "/api/tasks/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", { as: asErin })).status).toBe(404);
    expect((await call(server, "DELETE", "/api/tasks/not-an-id", { as: asErin })).status).toBe(404);
  });

});
