// The upload scenarios' bodies: one multipart/form-data form per file size, a single part
// named `file` (lib/http/read-multipart.ts) of random bytes, written once to a file that
// wrk reads and sends as it is (bench/wrk/requests.lua): the CRLFs and the binary bytes
// of a form cannot travel in the tab-separated requests file.
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const MIB = 1024 * 1024;
const BOUNDARY = "bench-form-boundary-7d1f0c";
const dir = mkdtempSync(path.join(tmpdir(), "tasks-bench-forms-"));
const made = new Map<number, string>();

/** The form for a file of `bytes` random bytes: its file and its Content-Type. */
export function uploadForm(bytes: number): { file: string; contentType: string } {
  let file = made.get(bytes);
  if (!file) {
    file = path.join(dir, `form-${bytes}.bin`);
    const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench-${bytes}.bin"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n";
    // Random bytes: nothing on the way (TLS, a proxy, TOAST) can make them smaller.
    writeFileSync(file, Buffer.concat([Buffer.from(head), randomBytes(bytes), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]));
    made.set(bytes, file);
  }
  return { file, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}
