import { COMMENT_BODY_MAX_BYTES } from "@/lib/comments/schemas";
import { MAX_BODY_BYTES } from "@/lib/http/read-json";
import { BATCH_BODY_MAX_BYTES } from "@/lib/tasks/schemas";
import { version } from "@/package.json";
import { buildComponents } from "./components";
import { DEFAULT_SECURITY } from "./operation";
import { attachmentPaths } from "./paths-attachments";
import { authPaths } from "./paths-auth";
import { historyPaths } from "./paths-history";
import { servicePaths } from "./paths-service";
import { listPaths } from "./paths-lists";
import { sharingPaths } from "./paths-sharing";
import { tagPaths } from "./paths-tags";
import { taskItemPaths } from "./paths-task";
import { taskCollectionPaths } from "./paths-tasks";
import type { OpenApiDocument } from "./types";

// The OpenAPI 3.1 description of the whole API, served at /api/openapi.json and rendered
// at /docs. Nothing here touches the database: it is built from schemas and tables only.

const DESCRIPTION = `A private, multi-user task API. JSON in camelCase, times in ISO 8601 UTC. Request bodies
are JSON (\`application/json\` or \`application/*+json\`), at most ${MAX_BODY_BYTES / 1024} KiB (a batch: ${BATCH_BODY_MAX_BYTES / 1024} KiB, a comment: ${COMMENT_BODY_MAX_BYTES / 1024} KiB).

**Credentials.** Every /api/tasks route takes either the session cookie that sign-up and sign-in set (the
web app), or \`Authorization: Bearer <JWT>\` with a token from GET /api/auth/token (scripts and apps).
Another user's task is a 404, exactly like one that does not exist; so is a list you are not a member of.

**Errors** are \`application/problem+json\` (RFC 9457): \`{ type, title, status, detail, errors? }\`, where
\`type\` is \`urn:tasks:problem:<name>\` and \`errors\` lists \`{ path, message }\` per field. Every type is
listed under components.x-problem-types and as an example under components.examples. Better Auth's
routes (/api/auth) answer their own \`{ code, message }\` errors, except for what never reaches them: a body
over the limit (413) and a value the database cannot store as sent (NUL, an unpaired surrogate) anywhere in
the body, query or path, a 422 \`validation-failed\` problem.

**Versions.** Task answers carry an ETag: send it back as If-Match to write only over the version you
read (412 otherwise), or as If-None-Match to get 304 when nothing changed.`;

function build(): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: { title: "Tasks API", version, description: DESCRIPTION },
    // Relative: the API is wherever this document is served from.
    servers: [{ url: "/", description: "This server" }],
    security: DEFAULT_SECURITY,
    tags: [
      { name: "tasks", description: "Your tasks: list, create, change, complete, delete, sync." },
      { name: "lists", description: "Your lists, their members, and handing one over." },
      { name: "invitations", description: "Sharing a list by invitation, and answering the ones you receive." },
      { name: "tags", description: "A list's tags, which its tasks carry." },
      { name: "auth", description: "Accounts and credentials (Better Auth, under /api/auth)." },
      { name: "health", description: "The service: health probes and this document." },
    ],
    paths: { ...taskCollectionPaths(), ...taskItemPaths(), ...attachmentPaths(), ...historyPaths(), ...listPaths(), ...sharingPaths(), ...tagPaths(), ...authPaths(), ...servicePaths() },
    components: buildComponents(),
  };
}

let built: OpenApiDocument | undefined;

/** The document, built on first use and kept for the life of the process (it cannot change). */
export function openApiDocument(): OpenApiDocument {
  return (built ??= build());
}
