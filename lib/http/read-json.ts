import type { z } from "zod";
import { AppError, type FieldError } from "@/lib/errors";

/** Task bodies are small; anything bigger is refused before it is buffered whole. */
export const MAX_BODY_BYTES = 16 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Reads a JSON body and validates it: 415, 413, 400 or 422 with a field list. */
export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  maxBytes = MAX_BODY_BYTES,
): Promise<z.output<S>> {
  const body = await readOptionalJson(req, schema, maxBytes);
  if (body === undefined) throw new AppError("invalid_json", "A JSON body is required.");
  return body;
}

/** As readJson, but a request without a body gives undefined. */
export async function readOptionalJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  maxBytes = MAX_BODY_BYTES,
): Promise<z.output<S> | undefined> {
  const text = await readText(req, maxBytes);
  if (text === undefined) return undefined;
  if (!JSON_TYPE.test(req.headers.get("content-type") ?? "")) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The body is not valid JSON.");
  }
  return parseOrThrow(schema, json);
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError("validation_failed", "One or more fields are invalid.", fieldErrors(result.error));
  }
  return result.data;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    // A strict object reports all unknown keys in one issue; name each field instead.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...base, key].join("."), message: "Unknown or read-only field." }));
    }
    return [{ path: base.join("."), message: issue.message }];
  });
}

/** The body as UTF-8 text, read up to maxBytes (413 beyond, 400 if not UTF-8); none: undefined. */
export async function readText(req: Request, maxBytes: number): Promise<string | undefined> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return undefined;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (size === 0) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid_json", "The body is not valid UTF-8.");
  }
}

function tooLarge(maxBytes: number) {
  return new AppError("payload_too_large", `Bodies are limited to ${maxBytes} bytes.`);
}
