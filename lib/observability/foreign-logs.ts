import { foreignLine } from "./foreign-line";
import { logger } from "./logger";

/** Better Auth's `logger` option: its lines through ours (foreign-line.ts), at warn and above. */
export function betterAuthLogger() {
  return {
    level: "warn" as const,
    log: (level: "debug" | "info" | "warn" | "error", message: string, ...args: unknown[]) =>
      logger()[level](...foreignLine("better-auth", message, args)),
  };
}
