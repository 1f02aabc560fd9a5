import { config } from "@/lib/config";

/**
 * How this server's mail leaves it: "smtp" when SMTP_URL and MAIL_FROM are set, "log" when
 * not (development: each link is written to the server's log, and nobody receives a mail).
 * Anything that asks people to prove they read their mail (a verified email before
 * accepting an invitation) can only ask it when this is "smtp".
 */
export function mailDelivery(): "smtp" | "log" {
  return config().mail ? "smtp" : "log";
}

/** Whether an email address can be proved here: mail really reaches its owner (SMTP is configured). */
export function emailVerificationAvailable(): boolean {
  return mailDelivery() === "smtp";
}
