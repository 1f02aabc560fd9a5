import { describe, it } from "vitest";
import { createTask } from "../../support/api-client";
import { bodyOf, fileForm, multipart } from "../../support/attachments";
import { onMainServer, type ContractContext } from "./context";

// The attachment routes on the main server: an upload, the list, the download (bytes of any
// type) and the delete, and the refusals particular to an upload's form. The ones every
// operation shares (401, a foreign Origin's 403, 429, 503) are in refusals.ts.

export function describeAttachmentRoutes(ctx: ContractContext) {
  const main = onMainServer(ctx);
  const { check, asAlice } = main;
  const T = "/api/tasks/{id}/attachments";
  const ONE = "/api/tasks/{id}/attachments/{attachmentId}";
  const form = (f: { body: Buffer; contentType: string }) => ({ ...asAlice(), body: bodyOf(f.body), headers: { "content-type": f.contentType } });

  describe("attachments", () => {
    it("upload, list, download, delete, and the misses", async () => {
      const { id } = await createTask(main.server, main.alice, { title: "Files" });
      const path = `/api/tasks/${id}/attachments`;
      const created = await check(201, "POST", T, path, form(fileForm("<svg/>", "a.svg", "image/svg+xml")));
      await check(200, "GET", T, path, asAlice());
      await check(200, "GET", ONE, `${path}/${created.body.id}`, asAlice());
      await check(204, "DELETE", ONE, `${path}/${created.body.id}`, asAlice("cookie"));
      await check(404, "GET", ONE, `${path}/${created.body.id}`, asAlice());
      await check(404, "DELETE", ONE, `${path}/${created.body.id}`, asAlice());
      await check(404, "GET", T, "/api/tasks/not-a-task/attachments", asAlice());
      await check(404, "POST", T, "/api/tasks/not-a-task/attachments", form(fileForm("x")));
    });

    it.each<[string, number, () => { body: Buffer | string; contentType: string }]>([
      ["no boundary", 400, () => ({ body: "x", contentType: "multipart/form-data" })],
      ["one byte over the limit", 413, () => fileForm(Buffer.alloc(10 * 1024 * 1024 + 1), "big.bin", "application/octet-stream")],
      ["JSON", 415, () => ({ body: '{"file":"x"}', contentType: "application/json" })],
      ["two files", 422, () => multipart([{ name: "file", fileName: "a", data: "a" }, { name: "file", fileName: "b", data: "b" }])],
    ])("POST %s", async (_name, status, body) => {
      const { id } = await createTask(main.server, main.alice, { title: "Refusals" });
      const b = body();
      await check(status, "POST", T, `/api/tasks/${id}/attachments`, { ...asAlice(), body: bodyOf(b.body), headers: { "content-type": b.contentType } });
    });
  });
}
