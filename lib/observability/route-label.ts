// The `route` of access log lines and metrics: which handler answered, never the raw path.
// Ids and unknown paths collapse into a few fixed labels, so the metrics' label sets stay
// bounded and no task id, token or typo becomes a label of its own.

const TASK_ROUTES = new Set(["batch", "changes", "summary"]);

// Better Auth's endpoints this app mounts (core, jwt and bearer plugins): each is its own
// label; anything else under /api/auth (tokens in reset links, probes) is /api/auth/other.
const AUTH_ROUTES = new Set([
  "sign-up/email",
  "sign-in/email",
  "sign-in/social",
  "sign-out",
  "get-session",
  "list-sessions",
  "revoke-session",
  "revoke-sessions",
  "revoke-other-sessions",
  "update-user",
  "delete-user",
  "change-password",
  "set-password",
  "change-email",
  "forget-password",
  "request-password-reset",
  "reset-password",
  "verify-email",
  "send-verification-email",
  "list-accounts",
  "token",
  "jwks",
  "ok",
  "error",
]);

/** The path of a request URL ("http://h/api/tasks/1?x" -> "/api/tasks/1"), without a URL parse. */
export function pathOf(url: string): string {
  const scheme = url.indexOf("://");
  const start = scheme < 0 ? 0 : url.indexOf("/", scheme + 3);
  if (start < 0) return "/";
  let end = url.length;
  const query = url.indexOf("?", start);
  if (query >= 0) end = query;
  const hash = url.indexOf("#", start);
  if (hash >= 0 && hash < end) end = hash;
  return url.slice(start, end);
}

/** The route label of a request path. */
export function routeLabel(path: string): string {
  if (path.startsWith("/api/tasks")) return taskRoute(path.slice("/api/tasks".length));
  if (path.startsWith("/api/lists") || path.startsWith("/api/invitations")) return sharingRoute(path);
  if (path.startsWith("/api/auth/")) {
    const rest = path.slice("/api/auth/".length).toLowerCase().replace(/\/+$/, "");
    return AUTH_ROUTES.has(rest) ? `/api/auth/${rest}` : "/api/auth/other";
  }
  if (path === "/api/health" || path === "/api/health/live" || path === "/api/metrics") return path;
  // The reference page's own handlers log their method refusals (lib/http/methods.ts).
  if (path === "/docs" || path === "/docs/scalar.js") return path;
  return "/api/other";
}

function taskRoute(rest: string): string {
  if (rest === "" || rest === "/") return "/api/tasks";
  if (rest[0] !== "/") return "/api/other"; // /api/tasksx
  const segments = rest.slice(1).split("/");
  if (segments.length === 1) return TASK_ROUTES.has(segments[0]!) ? `/api/tasks/${segments[0]}` : "/api/tasks/{id}";
  if (segments.length === 2 && segments[1] === "complete") return "/api/tasks/{id}/complete";
  if (segments[1] === "attachments" && segments.length === 2) return "/api/tasks/{id}/attachments";
  if (segments[1] === "attachments" && segments.length === 3) return "/api/tasks/{id}/attachments/{attachmentId}";
  return "/api/other";
}

// /api/lists and /api/invitations: every segment in an id's place is "{id}" (or the
// member's "{userId}", the invitation's "{invitationId}", the tag's "{tagId}"); anything else is /api/other.
const SHARING_ROUTES = new Set([
  "/api/lists",
  "/api/lists/{id}",
  "/api/lists/{id}/members",
  "/api/lists/{id}/members/{userId}",
  "/api/lists/{id}/invitations",
  "/api/lists/{id}/invitations/{invitationId}",
  "/api/lists/{id}/tags",
  "/api/lists/{id}/tags/{tagId}",
  "/api/lists/{id}/transfer",
  "/api/invitations",
  "/api/invitations/{id}/accept",
  "/api/invitations/{id}/decline",
]);
const CHILD_ID = { members: "{userId}", invitations: "{invitationId}", tags: "{tagId}" } as Record<string, string>;

function sharingRoute(path: string): string {
  const segments = path.replace(/\/+$/, "").split("/").slice(1);
  const label = segments.map((segment, i) => {
    if (i === 2) return "{id}";
    if (i === 4) return CHILD_ID[segments[3]!] ?? segment;
    return segment;
  });
  const route = "/" + label.join("/");
  return SHARING_ROUTES.has(route) ? route : "/api/other";
}
