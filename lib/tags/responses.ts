import { z } from "zod";
import { TAG_COLORS } from "@/db/schema";

// What the tags of a list, and a task's tags, look like in answers (zod: the types, the
// OpenAPI document and the contract test all come from here). Objects are strict.

const count = z.int().min(0);

/** A tag as a task carries it. */
export const taskTagResponse = z.strictObject({
  id: z.string(),
  name: z.string(),
  color: z.enum(TAG_COLORS).nullable().describe(`One of ${TAG_COLORS.join(", ")}, or null.`),
});
export type TaskTagJson = z.infer<typeof taskTagResponse>;

/** A tag of a list, with how many of the list's tasks carry it. */
export const tagResponse = taskTagResponse.extend({
  taskCount: count.describe("How many of the list's tasks carry it."),
});
export type TagJson = z.infer<typeof tagResponse>;

export const tagListResponse = z.strictObject({
  items: z.array(tagResponse).describe("Every tag of the list, by name (case and accents ignored), then id."),
});
export type TagListJson = z.infer<typeof tagListResponse>;
