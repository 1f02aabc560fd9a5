import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// db/shutdown.ts in a real process, with real signals.
const ROOT = path.resolve(import.meta.dirname, "../../..");
const CHILD = path.join(import.meta.dirname, "shutdown-child.ts");

type Ending = { code: number | null; signal: NodeJS.Signals | null; stdout: string[]; stderr: string };

function terminateChild(mode: string): Promise<Ending> {
  return new Promise((resolve, reject) => {
    // node itself, not the tsx binary: that one is a wrapper that turns a signal into an exit code.
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, mode], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (stdout === "ready\n") child.kill("SIGTERM");
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ code, signal, stdout: stdout.trim().split("\n"), stderr }));
  });
}

describe("closeOnShutdown", () => {
  it("under a handler that drains and exits (next start): closes after the drain, once, and exits 0", async () => {
    const ending = await terminateChild("next");
    expect(ending).toStrictEqual({
      code: 0,
      signal: null,
      stdout: ["ready", "draining", "drained", "closing", "closed", "[tasks] SIGTERM - requests finished, database closed"],
      stderr: "",
    });
  });

  it("alone: closes, then the signal ends the process as it would have", async () => {
    const ending = await terminateChild("alone");
    expect(ending).toStrictEqual({
      code: null,
      signal: "SIGTERM",
      stdout: ["ready", "closing", "closed", "[tasks] SIGTERM - requests finished, database closed"],
      stderr: "",
    });
  });

  it("when closing fails: says so and keeps Next's exit code", async () => {
    const ending = await terminateChild("failing");
    expect({ ...ending, stderr: ending.stderr.split("\n")[0] }).toStrictEqual({
      code: 143,
      signal: null,
      stdout: ["ready", "draining", "drained", "closing"],
      stderr: "[tasks] SIGTERM - closing the database failed: Error: end failed",
    });
  });
});
