import { Server } from "node:http";
import { Socket } from "node:net";
import { processSingleton } from "@/lib/singleton";

// Closing the database on SIGTERM, after the requests in flight have finished.
//
// `next start` (16.4, node_modules/next/dist/server/lib/start-server.js) already shuts down
// gracefully on SIGTERM, unless NEXT_MANUAL_SIG_HANDLE is set: server.close() stops
// accepting and waits until every open connection has finished its requests, then the
// Next server is closed and the process ends with process.exit(143). It offers no hook in
// between, and closing the pool when the signal arrives would fail the very requests it
// is draining. So the pool is closed when Next asks to exit, which it does only once
// those requests are done: process.exit is wrapped, once, for that one call.
//
// Next exits 143 ("killed by SIGTERM") to keep debuggers from holding the process; after
// a clean drain we exit 0 instead, which is what supervisors count as a clean stop
// (systemd marks a unit that exits 143 as failed unless told otherwise).

const SIGTERM_EXIT_CODE = 143;

/** Registers `close` to run once on SIGTERM, after Next has drained. Idempotent per process. */
export function closeOnShutdown(close: () => Promise<void>): void {
  processSingleton("shutdown-hook", () => onSigterm(close));
}

function onSigterm(close: () => Promise<void>): true {
  process.once("SIGTERM", () => {
    if (process.listenerCount("SIGTERM") === 0) {
      // No one else handles the signal (NEXT_MANUAL_SIG_HANDLE, a script): close, then let
      // the signal end the process the way it would have without us.
      void closeQuietly(close).then(() => process.kill(process.pid, "SIGTERM"));
      return;
    }
    endKeepAlive();
    const exit = process.exit;
    process.exit = ((code?: number | string | null) => {
      process.exit = exit;
      void closeQuietly(close).then((closed) =>
        exit(closed && Number(code ?? 0) === SIGTERM_EXIT_CODE ? 0 : code),
      );
    }) as typeof process.exit;
  });
  return true;
}

async function closeQuietly(close: () => Promise<void>): Promise<boolean> {
  try {
    await close();
    // No "label: " in these fixed lines: in the server, console.* goes through the logger,
    // which masks what follows one (lib/observability/foreign-line.ts).
    console.info("[tasks] SIGTERM - requests finished, database closed");
    return true;
  } catch (error) {
    console.error("[tasks] SIGTERM - closing the database failed:", error);
    return false;
  }
}

/**
 * Node's server.close(), all Next does, closes the keep-alive connections idle at that
 * moment and no others: a connection busy then stays open after its response, and its
 * client may send another request on it, and another. Measured here (Node 20): eight
 * clients writing steadily kept a SIGTERM'd `next start` serving for as long as they
 * went on (78 s), instead of stopping. So from the signal on, every response says
 * `Connection: close` (Node then closes the socket after it), and a connection that goes
 * idle is closed at once. A request racing that close fails at the socket, unanswered and
 * not executed: the client may retry it elsewhere.
 *
 * The app never sees Node's server, so it is found from its open sockets
 * (process._getActiveHandles: undocumented, but in Node since 0.x); without it, this does
 * nothing and the drain takes what it takes.
 */
export function endKeepAlive(): void {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  const servers = new Set<Server>();
  for (const handle of handles) {
    if (handle instanceof Server) servers.add(handle);
    const owner = handle instanceof Socket ? (handle as Socket & { server?: unknown }).server : undefined;
    if (owner instanceof Server) servers.add(owner);
  }
  for (const server of servers) {
    server.prependListener("request", (_req, res) => {
      if (!res.headersSent) res.setHeader("Connection", "close");
    });
    server.keepAliveTimeout = 1;
    server.closeIdleConnections();
  }
}
