import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/lib/config";

// SMTP_URL and MAIL_FROM: both (mail goes over SMTP) or neither (links go to the log).

const dir = mkdtempSync(path.join(tmpdir(), "tasks-config-mail-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (env: Record<string, string>) =>
  loadConfig({ DATA_DIR: dir, BETTER_AUTH_SECRET: "s".repeat(32), ...env } as unknown as NodeJS.ProcessEnv);

function errorOf(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("mail configuration", () => {
  it("is undefined without either: links go to the log", () => {
    expect(load({}).mail).toBeUndefined();
    expect(load({ SMTP_URL: "", MAIL_FROM: "" }).mail).toBeUndefined();
  });

  it.each([
    ["smtp://user:pass@mail.example.com:587", "tasks@example.com"],
    ["smtps://mail.example.com:465", "Tasks <tasks@example.com>"],
    ["smtp://127.0.0.1:2525", '"Tasks, the app" <no-reply@tasks.example>'],
  ])("takes %s with %s", (SMTP_URL, MAIL_FROM) => {
    expect(load({ SMTP_URL, MAIL_FROM }).mail).toStrictEqual({ smtpUrl: SMTP_URL, from: MAIL_FROM });
  });

  it.each([
    [{ SMTP_URL: "smtp://mail.example.com" }, "SMTP_URL is set but MAIL_FROM is not"],
    [{ MAIL_FROM: "tasks@example.com" }, "MAIL_FROM is set but SMTP_URL is not"],
  ])("refuses one without the other: %j", (env, start) => {
    expect(errorOf(env)).toBe(
      `${start}: set both to send mail over SMTP, or neither to write the links to the log (development).`,
    );
  });

  it.each(["http://mail.example.com", "mail.example.com:587", "smtp//x"])("refuses SMTP_URL %s", (SMTP_URL) => {
    expect(errorOf({ SMTP_URL, MAIL_FROM: "tasks@example.com" })).toBe(
      "Invalid configuration: SMTP_URL: expected smtp://user:pass@host:587 or smtps://user:pass@host:465",
    );
  });

  it.each(["tasks", "Tasks <tasks>", "a@b.c\r\nBcc: victim@example.com", "Tasks tasks@example.com"])("refuses MAIL_FROM %j", (MAIL_FROM) => {
    expect(errorOf({ SMTP_URL: "smtp://mail.example.com", MAIL_FROM })).toBe(
      'Invalid configuration: MAIL_FROM: expected an address, or a name and an address: "Tasks <tasks@example.com>"',
    );
  });
});
