import { createTransport, type Transporter } from "nodemailer";
import type { MailConfig } from "@/lib/config";
import { processSingleton } from "@/lib/singleton";

// One SMTP transport per process, with every wait bounded: nodemailer's defaults (two
// minutes to connect, ten of silence) would keep a dead server's connections for minutes.
// Mail is sent after the answer has gone (send.ts), so these bound the work left behind,
// not anyone's request.
export const SMTP_TIMEOUTS_MS = {
  /** Opening the TCP (and TLS) connection. */
  connection: 5_000,
  /** The server's greeting once connected. */
  greeting: 5_000,
  /** Silence in the middle of a conversation. */
  socket: 15_000,
  /** DNS lookups of the host. */
  dns: 5_000,
};

export function mailTransport(mail: MailConfig): Transporter {
  return processSingleton(
    "mail-transport",
    () =>
      createTransport({
        url: mail.smtpUrl,
        connectionTimeout: SMTP_TIMEOUTS_MS.connection,
        greetingTimeout: SMTP_TIMEOUTS_MS.greeting,
        socketTimeout: SMTP_TIMEOUTS_MS.socket,
        dnsTimeout: SMTP_TIMEOUTS_MS.dns,
        // nodemailer's own log would print addresses and message text.
        logger: false,
        debug: false,
      }),
  );
}
