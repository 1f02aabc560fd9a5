import { Agent, request as httpRequest, type OutgoingHttpHeaders } from "node:http";
import type { ApiResponse } from "./api-client";

// Requests as an attacker writes them, which fetch will not send: any method token (TRACE,
// PROPFIND), a body on GET, a path kept byte for byte (fetch resolves %2e%2e and ..), raw
// header bytes, and a body sent chunked, with no Content-Length. Answers in the shape of
// api-client's `call`, so the same checks read both.

export type RawRequest = {
  method: string;
  /** Sent as is: percent-encode it yourself (encodeComponent below). */
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** Send the body in pieces with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
};

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** The status of an answer that never came: the server closed the connection while the body was being sent. */
export const CLOSED_WHILE_SENDING = 0;

export function rawRequest(baseUrl: string, r: RawRequest): Promise<ApiResponse> {
  const url = new URL(baseUrl);
  const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, "utf8");
  const headers: OutgoingHttpHeaders = { ...r.headers };
  if (body !== undefined) {
    if (r.chunked) headers["transfer-encoding"] = "chunked";
    else headers["content-length"] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      // Answers may carry large headers (a redirect that repeats what it was sent): read them.
      { host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent, maxHeaderSize: 1024 * 1024 },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, v);
          }
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, text, body: jsonOf(text, responseHeaders) });
        });
      },
    );
    // A server that refuses a body midway (413) closes the connection while the rest is
    // still being written: the write fails after the answer came, which is no error here;
    // or before this side has read the answer, which is status 0: "closed while sending".
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (answered) return;
      if (body !== undefined && (error.code === "EPIPE" || error.code === "ECONNRESET")) {
        resolve({ status: CLOSED_WHILE_SENDING, headers: new Headers(), text: "", body: undefined });
      } else reject(error);
    });
    if (body === undefined) return void req.end();
    if (!r.chunked) return void req.end(body);
    const piece = 4096;
    for (let at = 0; at < body.length; at += piece) req.write(body.subarray(at, at + piece));
    req.end();
  });
}

/** A JSON answer's body parsed; undefined for any other, or JSON that does not parse (the caller's checks read the text). */
export function jsonOf(text: string, headers: Headers): unknown {
  if (!text || !/json/.test(headers.get("content-type") ?? "")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Percent-encodes text for a path segment or a query value, as a client may: valid UTF-8
 * for every character, and an unpaired surrogate as the three bytes a lax encoder writes
 * for it (WTF-8), which no UTF-8 decoder accepts; encodeURIComponent would throw instead.
 */
export function encodeComponent(text: string): string {
  let out = "";
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else {
      out += encodeURIComponent(char).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    }
  }
  return out;
}

/** Text as header bytes: its UTF-8, each byte one latin-1 character (Node sends those as they are). */
export function headerBytes(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** Whether Node will put the text in a header at all (no controls but tab, no NUL, CR or LF). */
export function sendableInHeader(text: string): boolean {
  return !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(headerBytes(text));
}
