import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as docsPage } from "@/app/docs/route";
import { GET as scalarBundle } from "@/app/docs/scalar.js/route";

// /docs renders /api/openapi.json with Scalar, loading nothing from another origin.

const PACKAGE = path.resolve(import.meta.dirname, "../../node_modules/@scalar/api-reference");
const { version } = JSON.parse(readFileSync(path.join(PACKAGE, "package.json"), "utf8")) as { version: string };

describe("GET /docs", () => {
  it("is a page whose every script and connection stays on this origin", async () => {
    const res = docsPage();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    const html = await res.text();
    expect(html).toContain('<script id="api-reference" data-url="/api/openapi.json"');
    expect(html).toContain(`<script src="/docs/scalar.js?v=${version}"></script>`);
    expect(html.match(/(?:src|href)="[^"]*"/g)).toEqual([
      'href="data:,"',
      'href="/api/openapi.json"',
      `src="/docs/scalar.js?v=${version}"`,
    ]);
  });

  it("turns off what would call out: web fonts, telemetry, the hosted assistant", async () => {
    const html = await docsPage().text();
    const attribute = /data-configuration="([^"]*)"/.exec(html)![1]!.replaceAll("&quot;", '"').replaceAll("&amp;", "&");
    expect(JSON.parse(attribute)).toMatchObject({ withDefaultFonts: false, telemetry: false, agent: { disabled: true } });
  });
});

describe("GET /docs/scalar.js", () => {
  it("serves Scalar's standalone bundle from node_modules, cacheable for good", async () => {
    const res = await scalarBundle();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(readFileSync(path.join(PACKAGE, "dist/browser/standalone.js")))).toBe(true);
  });
});
