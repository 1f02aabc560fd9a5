// The app's two mails, as plain text and simple HTML. The user's name is theirs to choose
// (any text, "<script>" included), so in HTML it is escaped; the link is ours.

export type MailMessage = { subject: string; text: string; html: string };

type Recipient = { name: string };

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

function html(greeting: string, paragraphs: string[], link: { url: string; label: string }, footer: string): string {
  const p = (text: string) => `<p>${text}</p>`;
  return [
    "<!doctype html>",
    '<html><body style="font-family: sans-serif; line-height: 1.5">',
    p(greeting),
    ...paragraphs.map(p),
    p(`<a href="${escapeHtml(link.url)}">${link.label}</a>`),
    p(`Or paste this address into your browser: ${escapeHtml(link.url)}`),
    `<p style="color: #666">${footer}</p>`,
    "</body></html>",
  ].join("\n");
}

/** Sent on sign-up and on request: the link that proves the address is theirs. */
export function verificationMessage(user: Recipient, url: string, validHours: number): MailMessage {
  const footer = "If you did not create an account on Tasks, ignore this mail: nothing happens without the link.";
  return {
    subject: "Verify your email address for Tasks",
    text: [
      `Hello ${user.name},`,
      "",
      `Open this link to verify your email address (it works for ${validHours} hours):`,
      url,
      "",
      footer,
    ].join("\n"),
    html: html(
      `Hello ${escapeHtml(user.name)},`,
      [`Open this link to verify your email address (it works for ${validHours} hours).`],
      { url, label: "Verify my email address" },
      footer,
    ),
  };
}

/** Sent when someone asks to reset the account's password. */
export function passwordResetMessage(user: Recipient, url: string, validMinutes: number): MailMessage {
  const footer = "If you did not ask for this, ignore this mail: your password stays as it is.";
  const what = `Open this link to choose a new password (it works once, for ${validMinutes} minutes). ` +
    "Your other sessions are signed out when you do.";
  return {
    subject: "Reset your Tasks password",
    text: [`Hello ${user.name},`, "", what, url, "", footer].join("\n"),
    html: html(`Hello ${escapeHtml(user.name)},`, [what], { url, label: "Choose a new password" }, footer),
  };
}
