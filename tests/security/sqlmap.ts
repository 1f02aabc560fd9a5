// sqlmap against the running app: the list (filters, sort, search), create (JSON body) and
// one task's id in the path, with a real bearer token. `npm run test:sqlmap`; CI installs
// Debian's sqlmap and runs it. Exits 1 if sqlmap finds anything injectable or cannot run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTask, signUp } from "../support/api-client";
import { startAppServer } from "../support/app-server";

const which = spawnSync("sh", ["-c", "command -v sqlmap"], { encoding: "utf8" });
if (which.status !== 0) {
  console.warn("[sqlmap] *** sqlmap is not installed: skipped (apt-get install -y sqlmap) ***");
  process.exit(process.env.CI ? 1 : 0);
}

const server = await startAppServer();
const output = mkdtempSync(path.join(tmpdir(), "sqlmap-"));
let failed = false;
try {
  const user = await signUp(server, "Mallory");
  const task = await createTask(server, user, { title: "target", description: "row" });
  const auth = `Authorization: Bearer ${user.jwt}`;
  const targets: [string, string[]][] = [
    ["list and search", ["-u", `${server.url}/api/tasks?q=target&status=all&sort=title&order=asc&priority=low`]],
    ["create", ["-u", `${server.url}/api/tasks`, "--data", '{"title":"x*","description":"y*","priority":"low"}', "-H", "Content-Type: application/json"]],
    ["task id", ["-u", `${server.url}/api/tasks/${task.id}*`]],
    ["changes token", ["-u", `${server.url}/api/tasks/changes?since=cjE`]],
  ];
  for (const [name, args] of targets) {
    const run = spawnSync(
      "sqlmap",
      [...args, "-H", auth, "--batch", "--level=2", "--risk=1", "--technique=BEUS", "--flush-session",
        "--disable-coloring", "--output-dir", output, "--timeout=10", "--retries=1"],
      { encoding: "utf8", timeout: 10 * 60_000 },
    );
    const text = `${run.stdout}\n${run.stderr}`;
    const injectable = /identified the following injection point|is vulnerable|appears to be .*injectable/i.test(
      text.replace(/do not appear to be injectable|does not seem to be injectable/gi, ""),
    );
    const clean = /do not appear to be injectable|does not seem to be injectable/i.test(text);
    const tested = (text.match(/testing '/g) ?? []).length;
    console.info(`[sqlmap] ${name}: ${tested} payload families tried, ${injectable ? "INJECTABLE" : clean ? "nothing injectable" : "no verdict"}`);
    if (injectable || !clean || run.status === null) {
      failed = true;
      console.error(text.split("\n").slice(-40).join("\n"));
    }
  }
} finally {
  await server.stop();
  rmSync(output, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
