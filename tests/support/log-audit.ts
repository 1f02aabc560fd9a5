// The log of a test server, audited: after Next's plain-text start-up banner every line is
// the logger's JSON, and none holds a value a client sent (an email, a password, a session
// token, a JWT, a title...). app-server.ts audits every test server this way when it stops,
// for the credentials of every user api-client's signUp made on it; the attack suite's
// generators audit their own servers for every value they sent.

const secretsByServer = new Map<string, Set<string>>();

/** Values that must never reach the log of the server at `serverUrl` (api-client's signUp calls it). */
export function rememberSecrets(serverUrl: string, values: string[]): void {
  const known = secretsByServer.get(serverUrl) ?? new Set<string>();
  for (const value of values) known.add(value);
  secretsByServer.set(serverUrl, known);
}

/** The remembered values of that server, forgotten as they are handed over (its port will be reused). */
export function takeSecrets(serverUrl: string): string[] {
  const values = [...(secretsByServer.get(serverUrl) ?? [])];
  secretsByServer.delete(serverUrl);
  return values;
}

// Next's banner: "▲ Next.js 16.4.6", "- Local: ...", "✓ Ready in 609ms", "⚠ ..." and blanks.
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;
const BANNER_LINE = /^\s*(?:[▲✓○⚠]|- [\w ]+:|$)/u;

// Too short to mean anything here: "low", "true", "1" are in many a log line already; and a
// bare word ("status", "constructor") is a name the log may use, not a value.
const MIN_LENGTH = 6;
const BARE_WORD = /^[A-Za-z_$][\w$]{0,15}$/;

function isLoggerLine(line: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return false;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return false;
  const { level, time, msg } = parsed as Record<string, unknown>;
  return typeof level === "string" && typeof time === "string" && typeof msg === "string";
}

/** How a value shows in a line: as sent, as JSON escapes it, and (if long) its start. */
function traces(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  const found = new Set([value, escaped]);
  if (escaped.length >= 48) found.add(escaped.slice(0, 32));
  return [...found].filter((trace) => trace.length >= MIN_LENGTH && !BARE_WORD.test(trace));
}

const shorten = (text: string) => (text.length > 160 ? `${text.slice(0, 160)}…` : text);

/** Every line of `output` that breaks the rules above, each with the reason. */
// A slow statement's line names it by its own words ("update tasks"), made from the SQL text,
// which never holds a request value (they are parameters): a sent value that happens to be
// such words ("update ") is not found in it.
function searchable(line: string): string {
  try {
    const { statement: _statement, ...rest } = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return line;
  }
}

export function logViolations(output: string, sentValues: Iterable<string>): string[] {
  const lines = output.split("\n");
  const first = lines.findIndex((line) => line.startsWith("{"));
  const banner = first === -1 ? lines : lines.slice(0, first);
  const logged = first === -1 ? [] : lines.slice(first);
  const violations: string[] = [];
  // Under Playwright's webServer (FORCE_COLOR) Next colours its banner.
  for (const line of banner) if (!BANNER_LINE.test(line.replace(ANSI_COLOUR, ""))) violations.push(`before the first JSON line, not Next's banner: ${shorten(line)}`);
  for (const line of logged) if (line !== "" && !isLoggerLine(line)) violations.push(`not the logger's JSON: ${shorten(line)}`);
  const searched = [...new Set(sentValues)].flatMap((value) => traces(value).map((trace) => ({ value, trace })));
  for (const line of logged) {
    const hit = searched.find(({ trace }) => searchable(line).includes(trace));
    if (hit) violations.push(`holds a value that was sent (${shorten(JSON.stringify(hit.value))}): ${shorten(line)}`);
  }
  return violations;
}
