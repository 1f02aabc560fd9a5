import type { Middleware } from "openapi-fetch";

// Outside a browser, what a browser does for the app's own pages: keep the session cookie
// that sign-up and sign-in set (so that a script can go on to GET /api/auth/token, which
// takes only the session, and sign out), and say where the request comes from. Better Auth
// refuses sign-up and sign-in without an Origin, and the API refuses cookie-authenticated
// changes from any origin but the app's.
//
// In a browser it does nothing: a page can neither read Set-Cookie (getSetCookie() is
// empty there) nor set Cookie or Origin (forbidden headers, dropped), and the browser
// does both itself.

const SESSION_COOKIE = /^(__Secure-)?better-auth\.session_token$/;

/** `origin`: the app's origin when the client was given a baseUrl; none on the app's own pages. */
export function sessionCookieMemory(origin: string | undefined): Middleware {
  let cookie: string | undefined;
  return {
    onRequest({ request }) {
      if (origin && !request.headers.has("origin")) request.headers.set("origin", origin);
      // Explicit credentials win: a Bearer token, or a Cookie the caller set.
      if (cookie && !request.headers.has("authorization") && !request.headers.has("cookie")) request.headers.set("cookie", cookie);
    },
    onResponse({ response }) {
      for (const line of response.headers.getSetCookie?.() ?? []) {
        const pair = line.split(";")[0] ?? "";
        const eq = pair.indexOf("=");
        if (eq === -1 || !SESSION_COOKIE.test(pair.slice(0, eq).trim())) continue;
        // Sign-out clears it with an empty value (and Max-Age=0).
        cookie = pair.slice(eq + 1) === "" || /max-age=0/i.test(line) ? undefined : pair;
      }
    },
  };
}
