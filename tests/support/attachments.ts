import { createHash, randomBytes } from "node:crypto";
import { connect } from "node:net";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { openDatabase, rowsOf, type Database } from "@/db/client";
import { call, type ApiResponse, type TestUser } from "./api-client";
import { startAppServer, stopChild, type AppServer, type AppServerOptions } from "./app-server";
import { rawRequest } from "./raw-http";

// Attachments over real HTTP: multipart bodies built byte for byte (so a test can send two
// files, a field, a cut form or a name no browser would), uploads by fetch or by a raw
// socket (no Content-Length, a lying one, a connection killed midway), downloads as bytes.

export type Part = {
  name: string;
  /** A file part when set (filename="..."); raw, so a test may put quotes or escapes in it. */
  fileName?: string;
  /** A filename*=UTF-8''... parameter instead of (or beside) filename. */
  fileNameStar?: string;
  type?: string;
  data: Buffer | string;
};

export type Form = { body: Buffer; contentType: string; boundary: string };

export function multipart(parts: Part[], { end = true }: { end?: boolean } = {}): Form {
  const boundary = `----tasks-test-${randomBytes(8).toString("hex")}`;
  const pieces: Buffer[] = [];
  for (const part of parts) {
    let disposition = `form-data; name="${part.name}"`;
    if (part.fileName !== undefined) disposition += `; filename="${part.fileName}"`;
    if (part.fileNameStar !== undefined) disposition += `; filename*=UTF-8''${part.fileNameStar}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type !== undefined ? `Content-Type: ${part.type}\r\n` : ""}\r\n`;
    pieces.push(Buffer.from(head, "utf8"), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data, "utf8"), Buffer.from("\r\n"));
  }
  if (end) pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(pieces), contentType: `multipart/form-data; boundary=${boundary}`, boundary };
}

/** One file in the part named `file`, as a browser sends it. */
export const fileForm = (data: Buffer | string, fileName = "notes.txt", type: string | undefined = "text/plain") =>
  multipart([{ name: "file", fileName, type, data }]);

export type As = { user: TestUser; via: "jwt" | "cookie" };

/** A body fetch takes (a Buffer's memory may be shared, which BodyInit's types refuse). */
export const bodyOf = (data: Buffer | string): BodyInit => (typeof data === "string" ? data : new Uint8Array(data));

const authHeaders = (server: AppServer, as: As): Record<string, string> =>
  as.via === "jwt" ? { authorization: `Bearer ${as.user.jwt}` } : { cookie: as.user.cookie, origin: server.url };

export const attachmentsPath = (taskId: string) => `/api/tasks/${taskId}/attachments`;

/** POST the form with fetch (Content-Length set). */
export function upload(server: AppServer, taskId: string, form: Form, as: As): Promise<ApiResponse> {
  return call(server, "POST", attachmentsPath(taskId), {
    as,
    body: bodyOf(form.body),
    headers: { "content-type": form.contentType },
  });
}

/** POST the form chunked, with no Content-Length. */
export function uploadChunked(server: AppServer, taskId: string, form: Form, as: As): Promise<ApiResponse> {
  return rawRequest(server.url, {
    method: "POST",
    path: attachmentsPath(taskId),
    headers: { ...authHeaders(server, as), "content-type": form.contentType },
    body: form.body,
    chunked: true,
  });
}

export type Download = { status: number; headers: Headers; bytes: Buffer; body: any };

export async function download(server: AppServer, taskId: string, attachmentId: string, as: As): Promise<Download> {
  const res = await fetch(`${server.url}${attachmentsPath(taskId)}/${attachmentId}`, { headers: authHeaders(server, as) });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(bytes.toString("utf8")) : undefined;
  return { status: res.status, headers: res.headers, bytes, body: json };
}

export const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/**
 * Sends the request line, headers and `body` on a raw socket, then either reads the answer
 * (its status, 0 if the server closed without one) or, with `kill`, destroys the connection
 * once `body` is written: a client gone mid-upload.
 */
export function rawUpload(server: AppServer, head: string, body: Buffer, { kill = false } = {}): Promise<number> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" || error.code === "EPIPE" ? resolve(statusOf(answer)) : reject(error)));
    socket.on("close", () => resolve(statusOf(answer)));
    socket.write(head);
    socket.write(body, () => {
      if (kill) setTimeout(() => socket.destroy(), 200);
    });
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

/** The request line and headers of an upload as rawUpload sends them. */
export function uploadHead(server: AppServer, taskId: string, as: As, contentType: string, extra: Record<string, string>): string {
  const headers = { host: new URL(server.url).host, ...authHeaders(server, as), "content-type": contentType, connection: "close", ...extra };
  return `POST ${attachmentsPath(taskId)} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n`;
}

/** The attachment as the API answers it. */
export const attachmentBody = (fields: { taskId: string; fileName: string; contentType: string; data: Buffer | string; by: TestUser }) => ({
  id: expect.stringMatching(/^[0-9a-f-]{36}$/),
  taskId: fields.taskId,
  fileName: fields.fileName,
  contentType: fields.contentType,
  size: Buffer.byteLength(fields.data),
  sha256: sha256(fields.data),
  uploadedBy: { id: fields.by.id, name: fields.by.name },
  createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
});

/**
 * What the store holds against what the rows say: chunks no attachment row owns, objects
 * still listed for removal, and owners whose attachment_bytes is not the sum of their
 * attachments' sizes. All zero after anything, refused or accepted, has settled.
 */
export type StorageAudit = { attachments: number; orphanChunks: number; listedForRemoval: number; counterMismatches: number };

export const STORAGE_AUDIT_SQL = `select
  (select count(*)::integer from attachments) as "attachments",
  (select count(*)::integer from attachment_chunks c where not exists (select 1 from attachments a where a.storage_key = c.storage_key)) as "orphanChunks",
  (select count(*)::integer from storage_deletions) as "listedForRemoval",
  (select count(*)::integer from task_counters tc where tc.attachment_bytes <> coalesce((select sum(size) from attachments a where a.owner_id = tc.user_id), 0)) as "counterMismatches"`;

/**
 * An app server whose database a test can read between requests. PostgreSQL: live, beside
 * the server. PGlite belongs to one process: the server stops (its data kept), the read
 * runs, and it starts again on the same data, port and signing key, so every credential
 * issued before still works.
 */
export type InspectableServer = {
  /** The same URL across restarts: pass it wherever an AppServer goes. */
  readonly server: AppServer;
  inspect<T>(read: (db: Database) => Promise<T>): Promise<T>;
  audit(): Promise<StorageAudit>;
  stop(): Promise<void>;
};

export async function startInspectableServer(options: AppServerOptions = {}): Promise<InspectableServer> {
  const first = await startAppServer(options);
  let current = first;
  const server: AppServer = {
    get url() {
      return current.url;
    },
    get db() {
      return current.db;
    },
    get signingKey() {
      return first.signingKey;
    },
    get child() {
      return current.child;
    },
    output: () => current.output(),
    stop: () => current.stop(),
  };
  const inspect = async <T>(read: (db: Database) => Promise<T>): Promise<T> => {
    const target = { databaseUrl: first.db.databaseUrl, dataDir: first.db.dataDir };
    if (!target.databaseUrl) await stopChild(current.child);
    const handle = openDatabase(target);
    try {
      return await read(handle.db);
    } finally {
      await handle.close();
      if (!target.databaseUrl) {
        current = await startAppServer({ ...options, port: Number(new URL(first.url).port), database: { db: first.db, signingKey: first.signingKey } });
      }
    }
  };
  return {
    server,
    inspect,
    audit: () => inspect(async (db) => rowsOf<StorageAudit>(await db.execute(sql.raw(STORAGE_AUDIT_SQL)))[0]!),
    async stop() {
      await current.stop();
      if (current !== first) await first.db.drop();
    },
  };
}
