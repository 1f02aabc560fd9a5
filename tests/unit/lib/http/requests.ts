// Request builders and expected problem bodies shared by the read-json tests.

export const JSON_HEADERS = { "content-type": "application/json" };

export function post(body: BodyInit | null, headers: Record<string, string> = JSON_HEADERS): Request {
  return new Request("http://x/api/tasks", { method: "POST", headers, body });
}

/** A body with no Content-Length: chunks are handed out one per pull; counts pulls and cancels. */
export function streamed(chunks: Uint8Array[], headers: Record<string, string> = JSON_HEADERS) {
  const seen = { pulls: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[seen.pulls++];
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 }, // no read-ahead: a pull happens only when the reader asks
  );
  const req = new Request("http://x/api/tasks", { method: "POST", headers, body, duplex: "half" } as RequestInit);
  return { req, seen };
}

export const bytes = (s: string) => new TextEncoder().encode(s);
/** Valid JSON of exactly n bytes: a small task padded with trailing spaces. */
export const paddedJson = (n: number) => `{"title":"x"}${" ".repeat(n - 13)}`;

const problem = (code: string, title: string, status: number, detail: string) => ({
  type: `urn:tasks:problem:${code}`,
  title,
  status,
  detail,
});
export const UNSUPPORTED = problem("unsupported-media-type", "Unsupported media type", 415, "Send the body as application/json.");
export const TOO_LARGE = problem("payload-too-large", "Request body too large", 413, "Bodies are limited to 16384 bytes.");
export const NOT_JSON = problem("invalid-json", "Malformed JSON body", 400, "The body is not valid JSON.");
export const NOT_UTF8 = problem("invalid-json", "Malformed JSON body", 400, "The body is not valid UTF-8.");
export const REQUIRED = problem("invalid-json", "Malformed JSON body", 400, "A JSON body is required.");
