import { connect } from "node:net";
import type { ApiResponse } from "./api-client";
import type { AppServer } from "./app-server";
import { jsonOf } from "./raw-http";

// A request written on a socket byte for byte, for what no HTTP client sends: a
// Content-Length shorter than the body (the rest arrives as a next request) or longer (the
// client then half-closes: no more bytes will come). The first answer is read whole
// (de-chunked) in the shape of api-client's `call`; status 0 when none came before the
// connection closed.

export async function exchange(server: AppServer, head: string, body: Buffer, { halfClose = false } = {}): Promise<ApiResponse> {
  const url = new URL(server.url);
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" || error.code === "EPIPE" ? resolve(Buffer.concat(chunks)) : reject(error)));
    socket.on("close", () => resolve(Buffer.concat(chunks)));
    socket.write(head);
    if (halfClose) socket.end(body);
    else socket.write(body);
  });
  return firstAnswer(raw);
}

function firstAnswer(raw: Buffer): ApiResponse {
  const text = raw.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const headers = new Headers();
  if (end < 0) return { status, headers, text: "", body: undefined };
  for (const line of text.slice(0, end).split("\r\n").slice(1)) headers.append(line.slice(0, line.indexOf(":")).trim(), line.slice(line.indexOf(":") + 1).trim());
  let rest = raw.subarray(Buffer.byteLength(text.slice(0, end + 4), "latin1"));
  if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) rest = dechunk(rest);
  else if (headers.has("content-length")) rest = rest.subarray(0, Number(headers.get("content-length")));
  const bodyText = rest.toString("utf8");
  return { status, headers, text: bodyText, body: jsonOf(bodyText, headers) };
}

function dechunk(data: Buffer): Buffer {
  const pieces: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    pieces.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(pieces);
}
