import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { expect, it } from "vitest";
import { useAppServer } from "../support/app-fixture";
import { attachmentsPath } from "../support/attachments";

// Uploads are streamed, never held whole: the server's peak resident memory (VmHWM) grows
// by far less than the file while a 200 MiB upload goes through, to the default store.
// Buffering it would add at least its size. Measured here: +38 MiB on PostgreSQL, +36 MiB
// on PGlite (without the heap cap below, garbage not yet collected: +135 MiB on PostgreSQL,
// whose driver sends bytea as hex text, and +230 MiB on PGlite).

const FILE_BYTES = 200 * 1024 * 1024;
const GROWTH_BOUND_MIB = 96;

// The old space capped, as in tests/security/resources.memory.test.ts: V8 then collects as it
// goes instead of letting garbage pile up to hundreds of MiB, which would hide a leak.
const { server, users } = useAppServer({
  users: ["Alice"],
  env: { ATTACHMENT_MAX_BYTES: String(256 * 1024 * 1024), NODE_OPTIONS: "--max-old-space-size=128" },
});

function peakMiB(): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Streams a multipart upload of `size` random bytes, 1 MiB at a time, with backpressure. */
function streamUpload(taskId: string, size: number): Promise<{ status: number; body: string }> {
  const boundary = `----memory-${randomBytes(6).toString("hex")}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: attachmentsPath(taskId),
        headers: { authorization: `Bearer ${users.Alice.jwt}`, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": head.length + size + tail.length },
      },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.write(head);
    const piece = randomBytes(1024 * 1024);
    let sent = 0;
    const more = () => {
      while (sent < size) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", more);
      }
      req.end(tail);
    };
    more();
  });
}

it("keeps the server's peak memory flat while a 200 MiB file streams in", async () => {
  const task = await fetch(`${server.url}/api/tasks`, {
    method: "POST",
    headers: { authorization: `Bearer ${users.Alice.jwt}`, "content-type": "application/json" },
    body: JSON.stringify({ title: "Big file" }),
  }).then((r) => r.json());
  // Warm up the route and the store with a small one first.
  expect((await streamUpload(task.id, 1024 * 1024)).status).toBe(201);
  const before = peakMiB();
  const res = await streamUpload(task.id, FILE_BYTES);
  expect(res.status, res.body).toBe(201);
  const growth = peakMiB() - before;
  console.info(`[attachments] a ${FILE_BYTES / 1024 / 1024} MiB upload raised the server's peak RSS by ${growth.toFixed(1)} MiB (from ${before.toFixed(1)} MiB)`);
  expect(growth).toBeLessThan(GROWTH_BOUND_MIB);
}, 300_000);
