import type { ServerResponse } from "node:http";

// Next 16 drops Content-Length from every route handler's response (send-response.js,
// FORBIDDEN_HEADERS: a body it decoded may no longer match it) and streams the body
// chunked. A download should say its size (browsers show progress, clients check it), so a
// handler that knows the exact length of what it streams names it in LENGTH_HEADER, and
// this puts it back as Content-Length on the way out. Installed with the method gate
// (method-gate.ts), in the process next.config.ts loads: where that does not happen
// (Vercel's functions), the download is chunked, and its size is in the attachment's JSON.

export const LENGTH_HEADER = "x-tasks-content-length";

/** From now on, LENGTH_HEADER set on `res` becomes its Content-Length. */
export function relayContentLength(res: ServerResponse): void {
  const append = res.appendHeader.bind(res);
  const set = res.setHeader.bind(res);
  const relay = (name: string, value: number | string | readonly string[]) =>
    name.toLowerCase() === LENGTH_HEADER && typeof value === "string" && /^\d+$/.test(value) ? ["content-length", value] as const : undefined;
  res.appendHeader = (name, value) => {
    const relayed = relay(name, value);
    return relayed ? set(...relayed) : append(name, value);
  };
  res.setHeader = (name, value) => {
    const relayed = relay(name, value);
    return relayed ? set(...relayed) : set(name, value);
  };
}
