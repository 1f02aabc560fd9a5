import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_TYPES_FILE, GENERATE_COMMAND, generateApiTypes } from "@/lib/client/generate";

// The committed client types are the document's: a schema or lib/openapi change that is not
// followed by a regeneration fails here (and the UI, built on these types, would not see it).

const ROOT = path.resolve(import.meta.dirname, "../..");

describe(API_TYPES_FILE, () => {
  it("is what openApiDocument() generates now", async () => {
    const committed = readFileSync(path.join(ROOT, API_TYPES_FILE), "utf8");
    const generated = await generateApiTypes();
    if (committed !== generated) {
      expect.fail(`${API_TYPES_FILE} is out of date with the OpenAPI document: run \`${GENERATE_COMMAND}\` and commit the result.`);
    }
  });
});
