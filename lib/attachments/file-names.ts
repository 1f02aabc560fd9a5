// What an upload's name and type become before they are stored. The name is shown back to
// people and sent in Content-Disposition, so it is made harmless here once: only its last
// path segment, no control or bidi-override characters (CR/LF could split a header; an RLO
// makes "exe.txt" look like "txt.exe"), valid Unicode, at most MAX_FILE_NAME code points
// (the column's bound), and never empty.

export const MAX_FILE_NAME = 255;
export const DEFAULT_FILE_NAME = "file";

// C0, DEL and C1 controls; bidi embeddings, overrides and isolates; lone surrogates (/u).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/gu;
// An extension worth keeping when a long name is cut.
const EXTENSION = /\.[^.\s]{1,16}$/u;

export function normaliseFileName(given: string): string {
  const lastSegment = given.split(/[/\\]/).pop() ?? "";
  const clean = lastSegment.normalize("NFC").replace(UNSAFE, "").trim();
  if (clean === "" || /^\.+$/.test(clean)) return DEFAULT_FILE_NAME;
  const points = [...clean];
  if (points.length <= MAX_FILE_NAME) return clean;
  const extension = [...(EXTENSION.exec(clean)?.[0] ?? "")];
  return points.slice(0, MAX_FILE_NAME - extension.length).join("").trimEnd() + extension.join("");
}

// RFC 9110 media type: type "/" subtype, then parameters; tokens of tchar, a quoted string
// without controls. At most 255 characters (the column).
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\\\u0000-\\u001f\\u007f]|\\\\[^\\u0000-\\u001f\\u007f])*"))*$`);

export const FALLBACK_CONTENT_TYPE = "application/octet-stream";

/**
 * The declared type if it is a valid media type (type and subtype in lower case, which
 * they are regardless; parameters as sent), application/octet-stream otherwise.
 */
export function normaliseContentType(declared: string | undefined): string {
  const type = declared?.trim() ?? "";
  if (type.length === 0 || type.length > 255 || !MEDIA_TYPE.test(type)) return FALLBACK_CONTENT_TYPE;
  const semicolon = type.indexOf(";");
  return semicolon < 0 ? type.toLowerCase() : type.slice(0, semicolon).toLowerCase() + type.slice(semicolon);
}
