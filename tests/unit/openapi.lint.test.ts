import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi/document";

// `@redocly/cli lint` of the document as served, with the repository's .redocly.yaml (the
// rules switched off there say why). Any error or warning fails: code generators and
// documentation renderers stumble on what the linter flags.

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLI = path.join(ROOT, "node_modules/@redocly/cli/bin/cli.js");
const dir = mkdtempSync(path.join(tmpdir(), "openapi-lint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type LintReport = {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
};

it("passes @redocly/cli lint with no errors and no warnings", async () => {
  const file = path.join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(openApiDocument()));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [CLI, "lint", file, "--config", path.join(ROOT, ".redocly.yaml"), "--format", "json"],
    // No telemetry or update check: the test needs no network.
    { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" })); // exits 1 on errors: read its report anyway
  const report = JSON.parse(stdout) as LintReport;
  const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
  expect(problems).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
}, 60_000);
