import { beforeAll, describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { attachmentsPath, download, multipart, upload } from "../support/attachments";
import { PAYLOADS } from "../support/injection-payloads";
import { problems } from "../support/problems";
import { inboxOf, ISO, UUID } from "../support/sharing";

// Injection into issue 12's text: the payloads of injection.test.ts, and a few aimed at
// file names and headers, as tag names, ?tag= filters, comment bodies and an attachment's
// name and type. Each is stored and returned as the README's rules make it (trimmed; a file
// name cut to its last segment, NFC, without controls or bidi overrides) or refused with
// the field named, never interpreted; a filter finds nothing of Bob's; a download's
// Content-Disposition is well-formed whatever the name, and its type the stored one.

const { server, users, as } = useAppServer({ users: ["Alice", "Bob"] });

const AIMED = [
  "Cafe\u0301", // decomposed: a tag keeps it as sent, a file name is NFC
  "../../etc/passwd",
  "..\\..\\boot.ini",
  "a\r\nSet-Cookie: x=1",
  "x\u0000y",
  '"; filename=evil.exe',
  "%22%0d%0a",
  "  padded  ",
];
const ALL = [...PAYLOADS, ...AIMED];

// The rules as the README states them, written out here rather than taken from lib/.
const CONTROL = /[\u0000-\u001f\u007f]/;
const TAG_NAME_MAX = 50;
const TAG_FILTER_MESSAGE = "Must be 1 to 20 tag names, comma-separated, each 1-50 characters.";

/** What a tag name is refused for, in the order the messages come; none when it is a name. */
function tagNameErrors(name: string): string[] {
  const trimmed = name.trim();
  const errors: string[] = [];
  if (CONTROL.test(name)) errors.push("Must not contain control characters.");
  if ([...trimmed].length > TAG_NAME_MAX) errors.push(`At most ${TAG_NAME_MAX} characters.`);
  if (trimmed.includes(",")) errors.push("Must not contain a comma.");
  return errors;
}

const filterNames = (value: string) => value.split(",").map((n) => n.trim());
const validFilter = (value: string) => filterNames(value).every((n) => n !== "" && tagNameErrors(n).length === 0);

/** The README's file name: last path segment, NFC, no controls or bidi overrides, trimmed, `file` when nothing is left. */
function storedFileName(given: string): string {
  const last = given.split(/[/\\]/).pop() ?? "";
  const clean = last.normalize("NFC").replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu, "").trim();
  return clean === "" || /^\.+$/.test(clean) ? "file" : clean;
}

/** RFC 8187's value-chars: what filename* may carry unescaped. */
const rfc8187 = (value: string) => encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// A Content-Disposition a client can parse: the quoted fallback printable ASCII without a
// quote or backslash (nothing can end it early or add a parameter), then the exact name.
const DISPOSITION = /^attachment; filename="([\x20\x21\x23-\x5b\x5d-\x7e]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]*)$/;

let inbox: string;
let commented: Record<string, any>;
/** Alice's task tagged with each payload that is a tag name. */
const taggedWith = new Map<string, Record<string, any>>();
let bobBefore: unknown;

const bobView = async () => ({
  tasks: (await call(server, "GET", "/api/tasks?limit=100", { as: as("Bob") })).body,
  tags: (await call(server, "GET", `/api/lists/${(await inboxOf(server, users.Bob)).id}/tags`, { as: as("Bob") })).body,
});

beforeAll(async () => {
  inbox = (await inboxOf(server, users.Alice)).id;
  commented = await createTask(server, users.Alice, { title: "Commented" });
  // Bob's secrets carry every name a filter below may send: whole payloads and the pieces between their commas.
  const names = [...new Set(ALL.flatMap((p) => [p, ...filterNames(p)]).filter((n) => n.trim() !== "" && tagNameErrors(n).length === 0))];
  for (let at = 0; at < names.length; at += 20) await createTask(server, users.Bob, { title: "Bob's secret", tags: names.slice(at, at + 20) });
  bobBefore = await bobView();
});

describe.each(ALL)("the payload %j", (payload) => {
  it("as a tag name is stored trimmed and otherwise as sent, the same tag when a task names it, or refused naming the field", async () => {
    const created = await call(server, "POST", `/api/lists/${inbox}/tags`, { as: as("Alice"), json: { name: payload } });
    const task = await call(server, "POST", "/api/tasks", { as: as("Alice"), json: { title: "tagged", tags: [payload] } });
    const errors = tagNameErrors(payload);
    if (errors.length > 0) {
      expect(created.body).toEqual(problems.validation(errors.map((message) => ({ path: "name", message }))));
      expect(task.body).toEqual(problems.validation(errors.map((message) => ({ path: "tags.0", message }))));
      return;
    }
    const tag = { id: UUID, name: payload.trim(), color: null };
    expect({ status: created.status, body: created.body }).toEqual({ status: 201, body: { ...tag, taskCount: 0 } });
    expect({ status: task.status, tags: task.body.tags }).toEqual({ status: 201, tags: [{ ...tag, id: created.body.id }] });
    const listed = await call(server, "GET", `/api/lists/${inbox}/tags`, { as: as("Alice") });
    expect(listed.body.items).toContainEqual({ ...tag, id: created.body.id, taskCount: 1 });
    expect((await call(server, "GET", `/api/tasks/${task.body.id}`, { as: as("Alice") })).body).toEqual(task.body);
    taggedWith.set(payload, task.body);
  });

  it("as a ?tag= filter finds Alice's own tagged task and nothing of Bob's, in either mode, or is a 400", async () => {
    for (const mode of ["any", "all"]) {
      const res = await call(server, "GET", `/api/tasks?tag=${encodeURIComponent(payload)}&tagMode=${mode}&limit=100`, { as: as("Alice") });
      if (!validFilter(payload)) {
        expect(res.body).toEqual(problems.invalidQuery([{ path: "tag", message: TAG_FILTER_MESSAGE }]));
        continue;
      }
      // A name with commas is several names, none of them a tag of Alice's.
      const mine = taggedWith.get(payload);
      expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { items: mine ? [mine] : [], nextCursor: null } });
    }
  });

  it("as a comment body is stored trimmed and otherwise as sent, edited the same, or refused naming the field", async () => {
    const path = `/api/tasks/${commented.id}/comments`;
    const res = await call(server, "POST", path, { as: as("Alice"), json: { body: payload } });
    // Line breaks (\n, \r\n) are a comment's; every other control character is refused.
    if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]|\r(?!\n)/.test(payload)) {
      expect(res.body).toEqual(problems.validation([{ path: "body", message: "Must not contain control characters." }]));
      return;
    }
    const comment = { id: UUID, taskId: commented.id, body: payload.trim(), author: { id: users.Alice.id, name: "Alice" }, createdAt: ISO, editedAt: null };
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: comment });
    const edited = await call(server, "PATCH", `${path}/${res.body.id}`, { as: as("Alice"), json: { body: `${payload}\n${payload}` } });
    expect(edited.body).toEqual({ ...res.body, body: `${payload}\n${payload}`.trim(), editedAt: ISO });
    const read = await call(server, "GET", `${path}?limit=100`, { as: as("Alice") });
    expect(read.body.items).toContainEqual(edited.body);
  });

  it("as an attachment's name and type: the name normalised, the type refused for the fallback, the download's headers well-formed", async () => {
    // filename* carries any name exactly; a raw filename="..." only what a quoted string can hold.
    const raw = !/["\\\r\n\u0000]/.test(payload);
    const parts = [
      { name: "file", fileNameStar: rfc8187(payload), type: CONTROL.test(payload) ? undefined : payload, data: payload },
      ...(raw ? [{ name: "file", fileName: payload, type: CONTROL.test(payload) ? undefined : payload, data: payload }] : []),
    ];
    for (const part of parts) {
      const res = await upload(server, commented.id, multipart([part]), as("Alice"));
      const fileName = storedFileName(payload);
      expect({ status: res.status, fileName: res.body.fileName, contentType: res.body.contentType }).toEqual({
        status: 201,
        fileName,
        contentType: "application/octet-stream",
      });
      const got = await download(server, commented.id, res.body.id, as("Alice"));
      expect({ status: got.status, bytes: got.bytes.toString("utf8"), type: got.headers.get("content-type"), nosniff: got.headers.get("x-content-type-options") }).toEqual({
        status: 200,
        bytes: payload,
        type: "application/octet-stream",
        nosniff: "nosniff",
      });
      const disposition = got.headers.get("content-disposition") ?? "";
      const [, fallback, exact] = DISPOSITION.exec(disposition) ?? [];
      expect({ fallback, exact: exact === undefined ? undefined : decodeURIComponent(exact) }, disposition).toEqual({
        fallback: fileName.replace(/[^\x20-\x7e]|["\\%]/gu, "_"),
        exact: fileName,
      });
    }
  });
});

describe("markup uploaded as markup", () => {
  it.each([
    ["page.html", "text/html", "text/html"],
    ["page.html", "Text/HTML; charset=utf-8", "text/html; charset=utf-8"],
    ["image.svg", "image/svg+xml", "image/svg+xml"],
    ["x.html", "text/html\r\nX-Injected: 1", "text/html"],
  ])("%s as %j: stored as %j and only ever a sandboxed download", async (fileName, declared, stored) => {
    const markup = "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(document.cookie)</script></svg>";
    // The declared type as its own header line of the part: a CR LF in it starts another header, never this one's value.
    const res = await upload(server, commented.id, multipart([{ name: "file", fileName, type: declared, data: markup }]), as("Alice"));
    expect({ status: res.status, contentType: res.body.contentType }).toEqual({ status: 201, contentType: stored });
    const got = await download(server, commented.id, res.body.id, as("Alice"));
    expect({
      type: got.headers.get("content-type"),
      disposition: got.headers.get("content-disposition"),
      nosniff: got.headers.get("x-content-type-options"),
      csp: got.headers.get("content-security-policy"),
      injected: got.headers.get("x-injected"),
    }).toEqual({
      type: stored,
      disposition: `attachment; filename="${fileName}"; filename*=UTF-8''${fileName}`,
      nosniff: "nosniff",
      csp: "default-src 'none'; sandbox; frame-ancestors 'none'",
      injected: null,
    });
  });
});

it("left Bob's tasks and tags as they were, and Alice's files listed as uploaded", async () => {
  expect(await bobView()).toEqual(bobBefore);
  const files = await call(server, "GET", attachmentsPath(commented.id), { as: as("Alice") });
  expect(files.status).toBe(200);
  expect(files.body.items.map((f: { fileName: string }) => f.fileName)).toContain("passwd");
});
