import { Readable, Transform } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "@/lib/errors";
import { attachmentTooLarge, type FileReceiver, type IncomingFile } from "@/lib/attachments/upload";

// An upload's body: multipart/form-data with exactly one part, a file named `file`, read
// by busboy as it arrives and handed on as a stream (never held whole in memory). Anything
// else in the form is a 422, a form that is not well-formed a 400, another media type a
// 415; past the limit the body stops being read at once (413, the connection closed).

// Room for the form's own bytes around the file (boundaries, a part's headers with a long
// name): a Content-Length beyond the limit by more than this is refused before reading.
const FORM_OVERHEAD_BYTES = 64 * 1024;

const FILE_FIELD = "file";

/** The request's one file, for uploadAttachment (lib/attachments/upload.ts). */
export function multipartFile(req: Request, maxBytes: number): FileReceiver {
  return (store) => readOneFile(req, maxBytes, store);
}

async function readOneFile<T>(req: Request, maxBytes: number, store: (file: IncomingFile) => Promise<T>): Promise<T> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "Send the file as multipart/form-data, in a part named file.");
  }
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes + FORM_OVERHEAD_BYTES) throw attachmentTooLarge(maxBytes);
  if (!req.body) throw noFile();
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Browsers send a file name as raw UTF-8 in filename="..." (and RFC 5987 filename* is
      // decoded whatever this says).
      defParamCharset: "utf8",
      // One more byte than allowed, so that the upload's meter sees the excess and refuses.
      limits: { files: 1, fields: 0, fileSize: maxBytes + 1, headerPairs: 16 },
    });
  } catch {
    throw malformed("The multipart/form-data Content-Type has no usable boundary.");
  }
  const body = Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>);
  const declaredType = firstPartType(boundaryOf(contentType));
  let storing: Promise<T> | undefined;
  let current: Readable | undefined;
  let failure: unknown;
  let failed!: () => void;
  const failing = new Promise<void>((resolve) => (failed = resolve));
  // Stops reading: the file stream errors (so `store` ends), the body is cancelled.
  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = error;
    current?.destroy(error instanceof Error ? error : undefined);
    body.destroy();
    failed();
  };
  const parsed = new Promise<void>((resolve) => {
    parser.on("close", resolve);
    parser.on("error", () => fail(malformed("The multipart/form-data body is malformed or ends too soon.")));
    body.on("error", () => fail(malformed("The body ended before the multipart/form-data form did.")));
  });
  // busboy gives a part whose Content-Disposition has no name as `undefined`, typed or not.
  parser.on("file", (name: string | undefined, stream, info) => {
    if (name !== FILE_FIELD) {
      stream.resume();
      const which = name === undefined ? "A part with no name" : `A part named ${JSON.stringify(name.slice(0, 100))}`;
      fail(extraPart(`${which}: only a file named file is taken.`));
      return;
    }
    current = stream;
    storing = store({ fileName: info.filename ?? "", contentType: declaredType.value, bytes: stream });
    storing.catch(fail);
  });
  // A field after the file is a second part; before it, or alone, a field where a file should be.
  const field = () => fail(extraPart(storing ? "More than one part: send one file per upload, in a part named file." : "A form field: only one part, a file named file, is taken."));
  parser.on("field", field);
  parser.on("fieldsLimit", field);
  parser.on("filesLimit", () => fail(extraPart("More than one part: send one file per upload, in a part named file.")));
  // The client went away: Next aborts the request's signal when its connection closes
  // before the answer, which ends the upload at once, whatever the body stream does.
  const gone = () => fail(malformed("The body ended before the multipart/form-data form did."));
  if (req.signal.aborted) gone();
  else req.signal.addEventListener("abort", gone, { once: true });
  body.pipe(declaredType.tap).pipe(parser);

  await Promise.race([parsed, failing]);
  // Whatever happened, `store` has settled before the caller hears of it, so that nothing
  // it writes can come after the caller's clean-up.
  if (failure !== undefined) {
    await storing?.catch(() => {});
    throw failure;
  }
  if (!storing) throw noFile();
  return storing;
}

const malformed = (detail: string) => new AppError("invalid_multipart", detail);
const noFile = () => extraPart("No file: send it in a part named file.");
function extraPart(detail: string): AppError {
  return new AppError("validation_failed", detail, [{ path: FILE_FIELD, message: detail }]);
}

// busboy hands on a part's type as `type/subtype` only, and "text/plain" both for a part
// that declared none and for one whose type it could not parse. The stored type is the one
// the part declared, parameters included, if that is a valid media type (file-names.ts),
// so its Content-Type line is read here, from the first part's headers as they stream past
// (they end within the first HEAD_BYTES or are not looked for).
const HEAD_BYTES = 16 * 1024;

function boundaryOf(contentType: string): string | undefined {
  return /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)?.slice(1).find((b) => b !== undefined);
}

function firstPartType(boundary: string | undefined): { tap: Transform; value: string | undefined } {
  const found: { value: string | undefined } = { value: undefined };
  let head = "";
  let done = boundary === undefined;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      if (!done) {
        head += chunk.toString("latin1", 0, Math.min(chunk.length, HEAD_BYTES - head.length));
        const start = head.indexOf(`--${boundary}\r\n`);
        const end = start < 0 ? -1 : head.indexOf("\r\n\r\n", start);
        if (end >= 0) {
          const headers = head.slice(start, end).split("\r\n").slice(1);
          const line = headers.find((h) => /^content-type:/i.test(h));
          found.value = line === undefined ? undefined : Buffer.from(line.slice(line.indexOf(":") + 1), "latin1").toString("utf8").trim();
        }
        if (end >= 0 || head.length >= HEAD_BYTES) done = true;
      }
      next(null, chunk);
    },
  });
  return {
    tap,
    get value() {
      return found.value;
    },
  };
}
