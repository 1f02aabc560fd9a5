import { describe, expect, it, vi } from "vitest";

// The document is built from schemas and tables only: the route that serves it, and the
// build that collects it, must never load the database client (nothing may connect at
// import time or during `next build`). Loading it here fails the import.
vi.mock("@/db/client", () => {
  throw new Error("the OpenAPI document loaded db/client");
});

describe("building the OpenAPI document", () => {
  it("does not load the database client", async () => {
    const { GET } = await import("@/app/api/openapi.json/route");
    const res = await GET(new Request("http://app.test/api/openapi.json"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect((await res.json()).openapi).toBe("3.1.0");
  });

  it("the guard works: loading the client does fail", async () => {
    await expect(import("@/db/client")).rejects.toThrow(); // vitest rewords the factory's error
  });
});
