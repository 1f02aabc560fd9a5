import { chromium, defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";
import path from "node:path";

// End-to-end: a real browser against the production build (`npm run build` first),
// started by tests/support/serve.ts on a clean database and dropped again afterwards.

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Debian's Chromium when the system has one (no download needed), else Playwright's own.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

function browserLaunchOptions() {
  if (existsSync(SYSTEM_CHROMIUM)) {
    return {
      executablePath: SYSTEM_CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    };
  }
  if (existsSync(chromium.executablePath())) return {};
  throw new Error(
    "\n\n*** No Chromium for the e2e tests. ***\n" +
      `Neither ${SYSTEM_CHROMIUM} nor Playwright's own browser (${chromium.executablePath()}) exists.\n` +
      "Install one:  apt-get install -y chromium   or   npx playwright install chromium\n",
  );
}

export default defineConfig({
  testDir: path.join(import.meta.dirname, "e2e"),
  outputDir: path.join(ROOT, "test-results"),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    locale: "en-US",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions: browserLaunchOptions() },
    },
  ],
  webServer: {
    command: "npx tsx tests/support/serve.ts",
    cwd: ROOT,
    url: `${BASE_URL}/api/health/live`,
    env: { E2E_PORT: String(PORT) },
    reuseExistingServer: false,
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
