// Runs the built app on E2E_PORT with a clean database until SIGTERM/SIGINT: Playwright's
// webServer. The database (or PGlite folder) is dropped on the way out.
import { startAppServer } from "./app-server";

const port = Number(process.env.E2E_PORT ?? 3210);
const server = await startAppServer({ port });
console.info(`[e2e] app ready at ${server.url}`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
