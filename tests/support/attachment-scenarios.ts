import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Database } from "@/db/client";
import { call, createTask, signUp, type TestUser } from "./api-client";
import type { AppServerOptions } from "./app-server";
import {
  attachmentBody,
  attachmentsPath,
  bodyOf,
  download,
  fileForm,
  multipart,
  rawUpload,
  sha256,
  startInspectableServer,
  STORAGE_AUDIT_SQL,
  upload,
  uploadChunked,
  uploadHead,
  type As,
  type InspectableServer,
  type StorageAudit,
} from "./attachments";
import { problems } from "./problems";
import { createList, share } from "./sharing";

// The attachment API's behaviour that must hold whichever store keeps the bytes: run by
// api-attachments.test.ts (PostgreSQL) and api-attachments-s3.test.ts (a local S3 server).
// After every refusal, every killed upload and every deletion, the store holds exactly the
// bytes of the attachment rows that remain, nothing is left listed for removal, and every
// owner's attachment_bytes is the sum of their attachments (`expectStoreMatchesRows`).

export const MAX_BYTES = 10 * 1024 * 1024;
const MiB = 1024 * 1024;

export type StoreUnderTest = {
  name: string;
  /** The server's environment for this store. */
  env: () => Record<string, string>;
  /** The keys the store holds now (`db`: the server's database, open while the server is stopped on PGlite). */
  storedKeys: (db: Database) => Promise<string[]>;
};

export function describeAttachmentApi(store: StoreUnderTest, options: AppServerOptions = {}) {
  let inspectable: InspectableServer;
  let alice: TestUser, bob: TestUser, vera: TestUser, stranger: TestUser;
  const srv = () => inspectable.server;
  const jwt = (user: TestUser): As => ({ user, via: "jwt" });
  const cookie = (user: TestUser): As => ({ user, via: "cookie" });

  beforeAll(async () => {
    inspectable = await startInspectableServer({ ...options, env: { ...options.env, ...store.env() } });
    [alice, bob, vera, stranger] = await Promise.all(["Alice", "Bob", "Vera", "Stranger"].map((n) => signUp(srv(), n))) as [TestUser, TestUser, TestUser, TestUser];
  });
  afterAll(() => inspectable?.stop());

  /** A task in a list of Alice's where Bob is an editor and Vera a viewer. */
  async function sharedTask(title = "With files") {
    const list = await createList(srv(), alice, { name: `Shared ${randomBytes(3).toString("hex")}` });
    await share(srv(), alice, list.id, bob, "editor");
    await share(srv(), alice, list.id, vera, "viewer");
    const task = await createTask(srv(), alice, { title, listId: list.id });
    return { listId: list.id as string, taskId: task.id as string };
  }

  async function uploaded(taskId: string, data: Buffer | string, as: As = jwt(alice), fileName = "notes.txt", type = "text/plain") {
    const res = await upload(srv(), taskId, fileForm(data, fileName, type), as);
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; storageKey?: string };
  }

  /** The store holds the bytes of exactly the remaining rows, and the counters agree. */
  async function expectStoreMatchesRows() {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [audit, keys, rowKeys] = await inspectable.inspect(async (db) => {
        const counts = rowsOf<StorageAudit>(await db.execute(sql.raw(STORAGE_AUDIT_SQL)))[0]!;
        const rows = rowsOf<{ key: string }>(await db.execute(sql`select storage_key as key from attachments order by 1`)).map((r) => r.key);
        return [counts, await store.storedKeys(db), rows] as const;
      });
      const settled = audit.orphanChunks === 0 && audit.listedForRemoval === 0 && audit.counterMismatches === 0 && [...keys].sort().join() === rowKeys.join();
      if (settled || Date.now() > deadline) {
        expect({ ...audit, keys: [...keys].sort() }).toEqual({ ...audit, orphanChunks: 0, listedForRemoval: 0, counterMismatches: 0, keys: rowKeys });
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  describe(`attachments in ${store.name}`, () => {
    it("uploads, lists, downloads and deletes, with whole bodies and headers, by JWT and by cookie", async () => {
      const { taskId } = await sharedTask();
      const first = await upload(srv(), taskId, fileForm("first file\n", "notes.txt", "text/plain; charset=utf-8"), cookie(bob));
      expect(first.status).toBe(201);
      expect(first.body).toEqual(attachmentBody({ taskId, fileName: "notes.txt", contentType: "text/plain; charset=utf-8", data: "first file\n", by: bob }));
      expect(first.headers.get("location")).toBe(`${attachmentsPath(taskId)}/${first.body.id}`);
      const second = await upload(srv(), taskId, fileForm(Buffer.from([0, 1, 2, 255]), "data.bin", "application/octet-stream"), jwt(alice));
      expect(second.body).toEqual(attachmentBody({ taskId, fileName: "data.bin", contentType: "application/octet-stream", data: Buffer.from([0, 1, 2, 255]), by: alice }));

      for (const as of [jwt(vera), cookie(alice)]) {
        const listed = await call(srv(), "GET", attachmentsPath(taskId), { as });
        expect(listed.status).toBe(200);
        expect(listed.body).toEqual({ items: [first.body, second.body] });
      }
      const got = await download(srv(), taskId, first.body.id, jwt(vera));
      expect(got.status).toBe(200);
      expect(got.bytes.toString("utf8")).toBe("first file\n");
      expect(Object.fromEntries(["content-type", "content-length", "content-disposition", "content-security-policy", "x-content-type-options", "cache-control"].map((h) => [h, got.headers.get(h)]))).toEqual({
        "content-type": "text/plain; charset=utf-8",
        "content-length": "11",
        "content-disposition": `attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`,
        "content-security-policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      });
      expect((await download(srv(), taskId, second.body.id, cookie(bob))).bytes).toEqual(Buffer.from([0, 1, 2, 255]));

      const removed = await call(srv(), "DELETE", `${attachmentsPath(taskId)}/${first.body.id}`, { as: cookie(bob) });
      expect(removed.status).toBe(204);
      expect(removed.text).toBe("");
      expect((await call(srv(), "DELETE", `${attachmentsPath(taskId)}/${first.body.id}`, { as: jwt(bob) })).body).toEqual(problems.attachments.notFound);
      expect((await download(srv(), taskId, first.body.id, jwt(alice))).body).toEqual(problems.attachments.notFound);
      expect((await call(srv(), "GET", attachmentsPath(taskId), { as: jwt(alice) })).body).toEqual({ items: [second.body] });
    });

    it("viewers read but cannot upload or delete (403); a stranger gets the task's 404 for everything", async () => {
      const { taskId } = await sharedTask();
      const file = await uploaded(taskId, "kept");
      for (const via of ["jwt", "cookie"] as const) {
        const as = { user: vera, via };
        expect((await upload(srv(), taskId, fileForm("x"), as)).body).toEqual(problems.forbidden("Viewers of a list cannot add attachments."));
        expect((await call(srv(), "DELETE", `${attachmentsPath(taskId)}/${file.id}`, { as })).body).toEqual(
          problems.forbidden("Viewers of a list cannot delete its attachments."),
        );
        const outsider = { user: stranger, via };
        const ghost = "00000000-0000-4000-8000-000000000000";
        for (const [task, att] of [[taskId, file.id], [ghost, ghost], [taskId, "not-an-id"]] as const) {
          const expected = problems.notFound;
          expect((await call(srv(), "GET", attachmentsPath(task), { as: outsider })).body).toEqual(problems.notFound);
          expect((await upload(srv(), task, fileForm("x"), outsider)).body).toEqual(problems.notFound);
          expect((await download(srv(), task, att, outsider)).body).toEqual(expected);
          expect((await call(srv(), "DELETE", `${attachmentsPath(task)}/${att}`, { as: outsider })).body).toEqual(expected);
        }
      }
      // An attachment of another task is a 404 under this one, for its own owner too.
      const other = await createTask(srv(), alice, { title: "Other" });
      expect((await download(srv(), other.id, file.id, jwt(alice))).body).toEqual(problems.attachments.notFound);
      expect((await call(srv(), "DELETE", `${attachmentsPath(other.id)}/${file.id}`, { as: jwt(alice) })).body).toEqual(problems.attachments.notFound);
      expect((await call(srv(), "GET", attachmentsPath(taskId), { as: jwt(alice) })).body.items).toHaveLength(1);
      // A cookie upload from another origin is refused like every cookie write.
      const foreign = await call(srv(), "POST", attachmentsPath(taskId), {
        as: cookie(alice),
        body: bodyOf(fileForm("x").body),
        headers: { "content-type": fileForm("x").contentType, origin: "https://evil.example" },
      });
      expect(foreign.body).toEqual(problems.crossOrigin);
    });

    it("stores 1 MiB and exactly the limit, by fetch and chunked with no Content-Length; one byte over is a 413 and stores nothing", async () => {
      const { taskId } = await sharedTask();
      for (const size of [MiB, MAX_BYTES]) {
        const data = randomBytes(size);
        const res = await upload(srv(), taskId, fileForm(data, `f-${size}.bin`, "application/octet-stream"), jwt(bob));
        expect(res.status, res.text).toBe(201);
        expect(res.body.size).toBe(size);
        expect(res.body.sha256).toBe(sha256(data));
        const back = await download(srv(), taskId, res.body.id, jwt(vera));
        expect(back.headers.get("content-length")).toBe(String(size));
        expect(back.bytes.equals(data)).toBe(true);
      }
      const chunkedData = randomBytes(MiB + 17);
      const chunked = await uploadChunked(srv(), taskId, fileForm(chunkedData, "chunked.bin", "application/octet-stream"), jwt(bob));
      expect(chunked.status, chunked.text).toBe(201);
      expect((await download(srv(), taskId, chunked.body.id, jwt(bob))).bytes.equals(chunkedData)).toBe(true);

      const over = fileForm(randomBytes(MAX_BYTES + 1), "over.bin", "application/octet-stream");
      for (const send of [upload, uploadChunked]) {
        const res = await send(srv(), taskId, over, jwt(bob));
        // Refused midway: the server may close the connection before this side reads the 413.
        if (res.status !== 0) expect(res.body).toEqual(problems.attachments.tooLarge(MAX_BYTES));
      }
      expect((await call(srv(), "GET", attachmentsPath(taskId), { as: jwt(bob) })).body.items).toHaveLength(3);
    }, 120_000);

    it("refuses a Content-Length far over the limit before reading, and a lying one cuts the form (400)", async () => {
      const { taskId } = await sharedTask();
      const form = fileForm("a small file that claims to be huge");
      const huge = await call(srv(), "POST", attachmentsPath(taskId), { as: jwt(bob), body: bodyOf(form.body), headers: { "content-type": form.contentType } });
      expect(huge.status).toBe(201);
      // Says 200 MB, sends a few bytes: refused on the header alone.
      const claimed = await rawUpload(srv(), uploadHead(srv(), taskId, jwt(bob), form.contentType, { "content-length": String(200 * MiB) }), form.body);
      expect(claimed).toBe(413);
      // Says fewer bytes than it sends: the form ends early, whatever follows is not read as the file.
      const short = await rawUpload(srv(), uploadHead(srv(), taskId, jwt(bob), form.contentType, { "content-length": String(form.body.length - 20) }), form.body);
      expect(short).toBe(400);
      expect((await call(srv(), "GET", attachmentsPath(taskId), { as: jwt(bob) })).body.items).toHaveLength(1);
    });

    it("refuses every form that is not exactly one file part named file, with the whole problem", async () => {
      const { taskId } = await sharedTask();
      const post = (body: Buffer | string, contentType: string) =>
        call(srv(), "POST", attachmentsPath(taskId), { as: jwt(bob), body: bodyOf(body), headers: { "content-type": contentType } });
      const file = { name: "file", fileName: "a.txt", type: "text/plain", data: "a" };
      const cases: [string, Buffer | string, string, unknown][] = [
        ["two files", ...formOf([file, { ...file, fileName: "b.txt" }]), problems.attachments.badForm("More than one part: send one file per upload, in a part named file.")],
        ["a file and a field", ...formOf([file, { name: "note", data: "x" }]), problems.attachments.badForm("More than one part: send one file per upload, in a part named file.")],
        ["a field only", ...formOf([{ name: "file", data: "not a file" }]), problems.attachments.badForm("A form field: only one part, a file named file, is taken.")],
        // What a browser sends for a file input left empty.
        ["an empty file name", ...formOf([{ ...file, fileName: "" }]), problems.attachments.badForm("A form field: only one part, a file named file, is taken.")],
        ["another name", ...formOf([{ ...file, name: "upload" }]), problems.attachments.badForm('A part named "upload": only a file named file is taken.')],
        ["no part", ...formOf([]), problems.attachments.badForm("No file: send it in a part named file.")],
        ["JSON", '{"file":"x"}', "application/json", problems.attachments.notMultipart],
        ["no type", "file=x", "", problems.attachments.notMultipart],
        ["no boundary", "--x\r\n", "multipart/form-data", problems.attachments.malformed("The multipart/form-data Content-Type has no usable boundary.")],
        ["a cut form", ...cutForm(file), problems.attachments.malformed("The multipart/form-data body is malformed or ends too soon.")],
      ];
      const wrong: string[] = [];
      for (const [what, body, type, expected] of cases) {
        const res = await post(body, type);
        try {
          expect(res.body).toEqual(expected);
        } catch {
          wrong.push(`${what}: ${res.status} ${res.text}`);
        }
      }
      expect(wrong).toEqual([]);
      expect((await call(srv(), "GET", attachmentsPath(taskId), { as: jwt(bob) })).body).toEqual({ items: [] });
    });

    it("serves HTML and SVG only as downloads: attachment, nosniff and a sandboxing CSP", async () => {
      const { taskId } = await sharedTask();
      const page = `<html><script>fetch("/api/tasks").then(r => r.text()).then(alert)</script></html>`;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`;
      for (const [name, type, data] of [["page.html", "text/html", page], ["image.svg", "image/svg+xml", svg]] as const) {
        const file = await uploaded(taskId, data, jwt(bob), name, type);
        const got = await download(srv(), taskId, file.id, jwt(alice));
        expect([got.headers.get("content-type"), got.headers.get("content-disposition"), got.headers.get("x-content-type-options"), got.headers.get("content-security-policy")]).toEqual([
          type,
          `attachment; filename="${name}"; filename*=UTF-8''${name}`,
          "nosniff",
          "default-src 'none'; sandbox; frame-ancestors 'none'",
        ]);
        expect(got.bytes.toString("utf8")).toBe(data);
      }
      // A declared type that is not a media type is stored as bytes.
      const odd = await upload(srv(), taskId, multipart([{ name: "file", fileName: "x", type: "text/html bogus", data: "x" }]), jwt(bob));
      expect(odd.body.contentType).toBe("application/octet-stream");
      const none = await upload(srv(), taskId, multipart([{ name: "file", fileName: "y", data: "y" }]), jwt(bob));
      expect(none.body.contentType).toBe("application/octet-stream");
    });

    it("normalises file names: path parts, quotes, CR/LF, bidi overrides, 255 and 256 code points, emoji", async () => {
      const { taskId } = await sharedTask();
      const long255 = "é".repeat(251) + ".txt";
      const long256 = "é".repeat(252) + ".txt";
      const cases: { send: { fileName?: string; fileNameStar?: string }; stored: string; disposition: string }[] = [
        { send: { fileName: "../../etc/passwd" }, stored: "passwd", disposition: `attachment; filename="passwd"; filename*=UTF-8''passwd` },
        { send: { fileName: "C:\\Users\\me\\report.pdf" }, stored: "report.pdf", disposition: `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf` },
        { send: { fileName: 'say \\"hi\\".txt' }, stored: 'say "hi".txt', disposition: `attachment; filename="say _hi_.txt"; filename*=UTF-8''say%20%22hi%22.txt` },
        { send: { fileNameStar: "a%0D%0AX-Injected%3A%201.txt" }, stored: "aX-Injected: 1.txt", disposition: `attachment; filename="aX-Injected: 1.txt"; filename*=UTF-8''aX-Injected%3A%201.txt` },
        { send: { fileNameStar: "evil%E2%80%AEtxt.exe" }, stored: "eviltxt.exe", disposition: `attachment; filename="eviltxt.exe"; filename*=UTF-8''eviltxt.exe` },
        { send: { fileName: "📎 plan 🗓️.txt" }, stored: "📎 plan 🗓️.txt", disposition: `attachment; filename="_ plan __.txt"; filename*=UTF-8''${encodeURIComponent("📎 plan 🗓️.txt")}` },
        { send: { fileNameStar: encodeURIComponent(long255) }, stored: long255, disposition: `attachment; filename="${"_".repeat(251)}.txt"; filename*=UTF-8''${encodeURIComponent(long255)}` },
        { send: { fileNameStar: encodeURIComponent(long256) }, stored: "é".repeat(251) + ".txt", disposition: `attachment; filename="${"_".repeat(251)}.txt"; filename*=UTF-8''${encodeURIComponent(long255)}` },
        { send: { fileNameStar: "%E2%80%AE%0A" }, stored: "file", disposition: `attachment; filename="file"; filename*=UTF-8''file` },
        { send: { fileName: ".." }, stored: "file", disposition: `attachment; filename="file"; filename*=UTF-8''file` },
        { send: { fileName: "it's (100%).txt" }, stored: "it's (100%).txt", disposition: `attachment; filename="it's (100_).txt"; filename*=UTF-8''it%27s%20%28100%25%29.txt` },
      ];
      const wrong: string[] = [];
      for (const c of cases) {
        const res = await upload(srv(), taskId, multipart([{ name: "file", ...c.send, type: "text/plain", data: "x" }]), jwt(bob));
        const got = res.status === 201 ? await download(srv(), taskId, res.body.id, jwt(bob)) : undefined;
        const seen = { stored: res.body?.fileName, disposition: got?.headers.get("content-disposition") };
        if (seen.stored !== c.stored || seen.disposition !== c.disposition) wrong.push(`${JSON.stringify(c.send)}: ${res.status} ${JSON.stringify(seen)}`);
      }
      expect(wrong).toEqual([]);
      const listed = await call(srv(), "GET", attachmentsPath(taskId), { as: jwt(vera) });
      expect(listed.body.items.map((a: { fileName: string }) => a.fileName)).toEqual(cases.map((c) => c.stored));
    });

    it("a client gone mid-upload leaves no row and no bytes; neither does anything refused above", async () => {
      const { taskId } = await sharedTask();
      const form = fileForm(randomBytes(3 * MiB), "gone.bin", "application/octet-stream");
      const half = form.body.subarray(0, Math.floor(form.body.length / 2));
      for (const framing of [{ "content-length": String(form.body.length) }, { "transfer-encoding": "chunked" }] as Record<string, string>[]) {
        const body = framing["transfer-encoding"] ? Buffer.concat([Buffer.from(`${half.length.toString(16)}\r\n`), half, Buffer.from("\r\n")]) : half;
        await rawUpload(srv(), uploadHead(srv(), taskId, jwt(bob), form.contentType, framing), body, { kill: true });
      }
      // The server notices at once (the request's signal); give its clean-up a moment to finish
      // before the audit (which, on PGlite, stops the server to read its database).
      await new Promise((r) => setTimeout(r, 1500));
      expect((await call(srv(), "GET", attachmentsPath(taskId), { as: jwt(bob) })).body).toEqual({ items: [] });
      await expectStoreMatchesRows();
    }, 60_000);

    it("deleting a task, a list or an account removes their files from the store", async () => {
      const { listId, taskId } = await sharedTask();
      const kept = await sharedTask("Kept");
      await uploaded(kept.taskId, "kept file");
      await uploaded(taskId, "on the task");
      const other = await createTask(srv(), alice, { title: "Second", listId });
      await uploaded(other.id, "on the list");
      expect((await call(srv(), "DELETE", `/api/tasks/${taskId}`, { as: jwt(bob) })).status).toBe(204);
      await expectStoreMatchesRows();
      expect((await call(srv(), "DELETE", `/api/lists/${listId}`, { as: jwt(alice) })).status).toBe(204);
      await expectStoreMatchesRows();
      // An account: its Inbox's task goes with it; a file it uploaded to Alice's list stays, by a deleted account.
      const carol = await signUp(srv(), "Carol");
      const own = await createTask(srv(), carol, { title: "Carol's" });
      await uploaded(own.id, "carol's own", jwt(carol));
      await share(srv(), alice, kept.listId, carol, "editor");
      const left = await uploaded(kept.taskId, "by carol", jwt(carol));
      const gone = await call(srv(), "POST", "/api/auth/delete-user", { as: cookie(carol), json: { password: carol.password } });
      expect(gone.status).toBe(200);
      const listed = await call(srv(), "GET", attachmentsPath(kept.taskId), { as: jwt(alice) });
      expect(listed.body.items.find((a: { id: string }) => a.id === left.id)?.uploadedBy).toBeNull();
      // Account deletion goes through Better Auth, not a handler that sweeps: the next write does.
      await call(srv(), "PATCH", `/api/tasks/${kept.taskId}`, { as: jwt(alice), json: { title: "Kept still" } });
      await expectStoreMatchesRows();
    }, 120_000);
  });
}

function formOf(parts: Parameters<typeof multipart>[0]): [Buffer, string] {
  const form = multipart(parts);
  return [form.body, form.contentType];
}

function cutForm(part: Parameters<typeof multipart>[0][0]): [Buffer, string] {
  const form = multipart([part], { end: false });
  return [form.body.subarray(0, form.body.length - 3), form.contentType];
}
