import { simpleParser } from "mailparser";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";

// A real SMTP server inside the test process (the smtp-server package), on a free port of
// 127.0.0.1: the app under test sends to it over TCP with nodemailer, as it would to any
// mail server, and the tests read what arrived. Plain SMTP with AUTH PLAIN/LOGIN, the user
// and password below; no STARTTLS (it would need a certificate nodemailer trusts).

export const SMTP_USER = "tasks-app";
export const SMTP_PASSWORD = "smtp-password-for-tests";

export type ReceivedMail = {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  /** The envelope's sender (MAIL FROM). */
  envelopeFrom: string;
  /** The From header as written. */
  from: string;
  subject: string;
  text: string;
  html: string;
};

export type TestSmtpServer = {
  /** smtp://user:pass@127.0.0.1:port, for the app's SMTP_URL. */
  url: string;
  /** Every mail received so far, oldest first. */
  messages: ReceivedMail[];
  /** The first mail (received or still to come) to `to` for which `match` holds, within `timeoutMs`. */
  waitFor(to: string, match?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** The mails to `to` so far. */
  to(address: string): ReceivedMail[];
  stop(): Promise<void>;
};

export async function startSmtpServer(onMail?: (mail: ReceivedMail) => void): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    // Quiet: its default logger prints every command.
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            from: parsed.from?.text ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
          };
          messages.push(mail);
          onMail?.(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const to = (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    messages,
    to,
    async waitFor(address, match = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = to(address).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No mail to ${address} within ${timeoutMs} ms (${messages.length} received in all)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link of a mail's plain text that goes to `path` (under the app's origin). */
export function linkIn(mail: ReceivedMail, path: string): URL {
  for (const match of mail.text.matchAll(/https?:\/\/\S+/g)) {
    const url = new URL(match[0]);
    if (url.pathname.startsWith(path)) return url;
  }
  throw new Error(`No link to ${path} in the mail "${mail.subject}"`);
}

/** Where the e2e server (tests/support/serve.ts) writes the mails it receives, one JSON line each. */
export function e2eMailFile(port: number): string {
  return path.join(tmpdir(), `tasks-e2e-mail-${port}.jsonl`);
}
