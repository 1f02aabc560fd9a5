import { z } from "zod";
import { TAG_COLORS } from "@/db/schema";
import { storedText } from "@/lib/tasks/fields";
import { showsNothing } from "@/lib/text/visible";
import { withWireType } from "@/lib/wire-type";

// Request shapes of /api/lists/{id}/tags, and of a task's `tags` (its bodies) and `?tag=`
// (the list's query). The answers are in responses.ts. Objects are strict.

export const TAG_NAME_MAX = 50;
/** Names one task body, or one ?tag= filter, may give. */
export const TAGS_PER_TASK_MAX = 20;

// Like a list's name: one line, trimmed, counted in code points (as char_length is, and as
// tags_name_length_check checks). No comma: ?tag=home,errands separates names with one.
const name = storedText()
  .trim()
  .min(1, "Must not be empty.")
  .max(TAG_NAME_MAX, `At most ${TAG_NAME_MAX} characters.`)
  .refine((s) => s === "" || !showsNothing(s), "Must not be empty.")
  .refine((s) => !s.includes(","), "Must not contain a comma.")
  .describe(
    `Trimmed; 1-${TAG_NAME_MAX} characters counted as Unicode code points, at least one of them visible; no control ` +
      "characters, no comma. Unique in its list ignoring case and accents.",
  );

const color = z
  .enum(TAG_COLORS, { error: `Must be one of ${TAG_COLORS.join(", ")}, or null.` })
  .nullable()
  .describe(`One of ${TAG_COLORS.join(", ")}, or null for none.`);

export const createTagBody = z.strictObject({ name, color: color.optional() });
export type CreateTagBody = z.infer<typeof createTagBody>;

export const updateTagBody = z
  .strictObject({
    name: name.optional().describe("The new name: every task carrying the tag shows it at once."),
    color: color.optional(),
  })
  .refine((patch) => patch.name !== undefined || patch.color !== undefined, { error: "Give at least one field to change." });
export type UpdateTagBody = z.infer<typeof updateTagBody>;

/** A task's tags in a body: names of its list's tags; unknown ones are created in that list. */
export const taskTagNames = z
  .array(name)
  .max(TAGS_PER_TASK_MAX, `At most ${TAGS_PER_TASK_MAX} tags.`)
  .describe(
    `The task's tags, by name (at most ${TAGS_PER_TASK_MAX}), matched in the task's list ignoring case and accents; a name the ` +
      "list has no tag for creates one (editor or above). The same tag named twice is one.",
  );

export const TAG_MODES = ["any", "all"] as const;
export type TagMode = (typeof TAG_MODES)[number];

export const TAG_FILTER_MESSAGE = `Must be 1 to ${TAGS_PER_TASK_MAX} tag names, comma-separated, each 1-${TAG_NAME_MAX} characters.`;

/**
 * ?tag=home,errands: tag names, comma-separated, each trimmed; normalised (sorted, each once)
 * so that the same names in another order are the same filter and accept its cursors.
 */
export function tagFilter() {
  const parser = z.string().transform((value, ctx): string[] => {
    const names = value.split(",").map((n) => n.trim());
    const valid = names.length <= TAGS_PER_TASK_MAX && names.every((n) => name.safeParse(n).success);
    if (!valid) {
      ctx.addIssue({ code: "custom", message: TAG_FILTER_MESSAGE });
      return z.NEVER;
    }
    return [...new Set(names)].sort();
  });
  return withWireType(parser, z.array(z.string().min(1).max(TAG_NAME_MAX)).min(1).max(TAGS_PER_TASK_MAX));
}
