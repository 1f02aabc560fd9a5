import { createLogger, replaceLogger } from "@/lib/observability/logger";

export type LogLine = Record<string, unknown> & { level: string; msg: string };

/**
 * Sends the process's log lines (lib/observability/logger.ts) to an array until restore():
 * the same pino, the same JSON, parsed back.
 */
export function captureLog() {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const previous = replaceLogger(
    createLogger("trace", {
      write(chunk: string) {
        raw.push(chunk);
        for (const line of chunk.split("\n")) if (line) lines.push(JSON.parse(line) as LogLine);
      },
    }),
  );
  return { lines, raw, restore: () => void replaceLogger(previous) };
}
