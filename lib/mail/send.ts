import { after } from "next/server";
import { config } from "@/lib/config";
import { errorChain } from "@/lib/observability/error-fields";
import { logger } from "@/lib/observability/logger";
import type { MailMessage } from "./messages";
import { mailTransport } from "./transport";

/** Which of the app's mails, as its log lines name it. */
export type MailKind = "verification" | "password-reset";

type Outgoing = { kind: MailKind; to: string; link: string; message: MailMessage };

/**
 * Sends a mail without making anyone wait for it: the request that asked for it answers at
 * once, whether SMTP is fast, slow or down. So a failing mail server never turns sign-up
 * into a 500 or a hang, and a password-reset request takes as long for an account that
 * exists (a mail goes) as for one that does not (none does), so its timing tells nothing
 * either. A failure is logged by class and code (never the address or the server's text);
 * the person can ask again. Without SMTP_URL (development), the link is logged instead.
 *
 * Next's after() keeps the request's function alive until the send settles, so it also
 * finishes on serverless platforms (Vercel's waitUntil); outside a request (a script), the
 * process itself has to live that long.
 */
export function sendInBackground(mail: Outgoing): void {
  const smtp = config().mail;
  if (!smtp) {
    // Only the link: the address and the name are the user's, and the log keeps neither.
    logger().info({ mail: mail.kind, link: mail.link }, "mail not sent (no SMTP_URL): its link");
    return;
  }
  const started = Date.now();
  const sending = mailTransport(smtp)
    .sendMail({ from: smtp.from, to: mail.to, ...mail.message })
    .then(() => logger().info({ mail: mail.kind, durationMs: Date.now() - started }, "mail sent"))
    .catch((error: unknown) => {
      const responseCode = (error as { responseCode?: unknown }).responseCode;
      logger().warn(
        { mail: mail.kind, ...errorChain(error), ...(typeof responseCode === "number" ? { responseCode } : {}) },
        "mail not sent: the SMTP server failed",
      );
    });
  try {
    after(sending);
  } catch {
    // Not inside a request: nothing to extend.
  }
}
