import { readFileSync } from "node:fs";
import path from "node:path";

// Scalar's standalone browser bundle, served from our own origin: the reference works
// offline and on hosts that block CDNs, and the page's CSP can stay at 'self'. Read from
// node_modules at run time (next start runs in the project folder; the bundle is a
// dependency, so it is there wherever the app is installed).

const PACKAGE_DIR = path.join(process.cwd(), "node_modules", "@scalar", "api-reference");

export const SCALAR_BUNDLE_FILE = path.join(PACKAGE_DIR, "dist", "browser", "standalone.js");

let version: string | undefined;

/** The installed version: part of the bundle's URL, so a new version is a new URL. */
export function scalarVersion(): string {
  return (version ??= (JSON.parse(readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8")) as { version: string }).version);
}
