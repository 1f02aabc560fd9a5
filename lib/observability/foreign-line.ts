import { errorFields, type ErrorFields } from "./error-fields";

// Lines that other code writes, made fit for our log. Better Auth logs free text plus its
// arguments (a failed query's error carries the SQL and every parameter), better-call
// prints "# SERVER_ERROR" with the raw error, Next prints its own "⨯" error lines, and any
// library may call console.*. Each becomes one structured line: where it came from, a
// message whose quoted parts are masked (PostgreSQL and Better Auth quote the values they
// name; what Better Auth names unquoted, a URL or the text after a "label: ", too), and of an Error only its class, code, statement and stack frames (error-fields.ts).
// Nothing else of the arguments is kept: objects a library passes along (a body, a
// provider name, a key id) are request values.

const MAX_MESSAGE = 200;

/**
 * The message with quoted parts, URLs and what follows a "label: " masked, on one line, at
 * most MAX_MESSAGE characters. Better Auth names some request values without quotes
 * ("Invalid callbackURL: https://…", "Invalid origin: …", "Add <origin> to trustedOrigins").
 */
export function maskedMessage(message: unknown): string {
  const text = typeof message === "string" ? message : "";
  return text
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '"…"')
    .replace(/\b[a-z][a-z\d+.-]*:\/\/\S*/gi, "…")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/: (?!"…"$|…$).*$/, ": …")
    .slice(0, MAX_MESSAGE);
}

export type ForeignFields = { source: string } & Partial<ErrorFields>;

/** What a log line keeps of another library's call: its fields and its masked message. */
export function foreignLine(source: string, message: unknown, args: unknown[]): [ForeignFields, string] {
  const error = [message, ...args].find((arg) => arg instanceof Error);
  const text = typeof message === "string" ? message : message instanceof Error ? message.name : "";
  return [{ source, ...(error ? errorFields(error) : {}) }, maskedMessage(text)];
}
