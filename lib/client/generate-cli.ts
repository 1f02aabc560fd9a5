import { writeFile } from "node:fs/promises";
import path from "node:path";
import { API_TYPES_FILE, generateApiTypes } from "./generate";

// npm run sdk:generate: rewrites lib/client/api-types.ts. Run it after any change to the
// schemas or lib/openapi, and commit the result.

const target = path.resolve(import.meta.dirname, "../..", API_TYPES_FILE);
await writeFile(target, await generateApiTypes());
console.log(`Wrote ${API_TYPES_FILE}`);
