import type { Logger } from "pino";
import { foreignLine } from "./foreign-line";

const LEVELS = { debug: "debug", log: "info", info: "info", warn: "warn", error: "error", trace: "debug" } as const;
const INSTALLED = Symbol.for("tasks.console-through-logger");

/**
 * console.* in this process as structured lines (foreign-line.ts), installed once per
 * process by the server's logger (never under vitest, whose console is the test's). The
 * first argument is the message, never formatted with the others (`%s` would put values
 * in it); an Error among the arguments gives its fields.
 */
export function routeConsoleThrough(log: Logger): void {
  const target = console as unknown as Record<string | symbol, unknown>;
  if (target[INSTALLED]) return;
  target[INSTALLED] = true;
  for (const [method, level] of Object.entries(LEVELS)) {
    target[method] = (message?: unknown, ...args: unknown[]) => log[level](...foreignLine("console", message, args));
  }
}
