// The production build the bench runs: `next build` into its own folder (BENCH_DIST_DIR,
// default .next-bench) so that it never fights the test suite's .next.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

export function hasBuild(distDir: string): boolean {
  return existsSync(path.join(ROOT, distDir, "BUILD_ID"));
}

/** Builds unless told to skip and a build is there; answers the seconds spent (0: skipped). */
export async function ensureBuild(distDir: string, skip: boolean): Promise<number> {
  if (skip && hasBuild(distDir)) return 0;
  // next build adds its dist folder's type paths to tsconfig.json: put the file back as it was.
  const tsconfig = path.join(ROOT, "tsconfig.json");
  const original = readFileSync(tsconfig, "utf8");
  const start = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [NEXT_BIN, "build"], {
        cwd: ROOT,
        env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
        stdio: ["ignore", "inherit", "inherit"],
      });
      child.once("error", reject);
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
    });
  } finally {
    if (readFileSync(tsconfig, "utf8") !== original) writeFileSync(tsconfig, original);
  }
  return (performance.now() - start) / 1000;
}
