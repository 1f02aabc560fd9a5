// Runs the built app on E2E_PORT with a clean database until SIGTERM/SIGINT: Playwright's
// webServer. The database (or PGlite folder) is dropped on the way out. Its mail goes to an
// SMTP server in this process, which writes each mail to e2eMailFile(port) for the specs.
import { appendFileSync, rmSync } from "node:fs";
import { startAppServer } from "./app-server";
import { e2eMailFile, startSmtpServer } from "./smtp-server";

const port = Number(process.env.E2E_PORT ?? 3210);
const mailFile = e2eMailFile(port);
rmSync(mailFile, { force: true });
const smtp = await startSmtpServer((mail) => appendFileSync(mailFile, JSON.stringify(mail) + "\n"));
const server = await startAppServer({ port, env: { SMTP_URL: smtp.url, MAIL_FROM: "Tasks <tasks@example.test>" } });
console.info(`[e2e] app ready at ${server.url}`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await smtp.stop();
  rmSync(mailFile, { force: true });
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
