import { expect, it } from "vitest";
import { call, signUp } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";

// Found by the value-limit generator (limits.auth.test.ts): Better Auth deletes the account
// of a session less than a day old when delete-user is sent without a password, so a stolen
// session cookie was enough to delete an account, and the password check of delete-user
// (and its per-account limit) could simply be left out. The password is asked for always.

const { server } = useAppServer();

const passwordRequired = { code: "PASSWORD_REQUIRED", message: "Give the account's password to delete it." };

it.each([
  ["an empty body", "{}"],
  ["only a callbackURL", '{"callbackURL":"/"}'],
  ["an empty password", '{"password":""}'],
  ["a password that is not a string", '{"password":["x"]}'],
  ["a token and no password", '{"token":"no-such-token"}'],
])("delete-user with %s: 400 PASSWORD_REQUIRED, and the account stays", async (_label, body) => {
  const user = await signUp(server, "Keeper");
  const res = await call(server, "POST", "/api/auth/delete-user", {
    body,
    headers: { "content-type": "application/json", origin: server.url, cookie: user.cookie },
  });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject(passwordRequired);
  const signIn = await call(server, "POST", "/api/auth/sign-in/email", { json: { email: user.email, password: user.password }, headers: { origin: server.url } });
  expect(signIn.status).toBe(200);
});

it("with the password it still deletes the account", async () => {
  const user = await signUp(server, "Leaver");
  const res = await call(server, "POST", "/api/auth/delete-user", {
    json: { password: user.password },
    headers: { origin: server.url, cookie: user.cookie },
  });
  expect([res.status, res.body]).toEqual([200, { success: true, message: "User deleted" }]);
});
