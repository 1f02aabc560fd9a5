import { z } from "zod";
import { LIST_ROLES, MEMBER_ACTIONS, PRIORITIES, TASK_ACTIONS } from "@/db/schema";
import { accountResponse } from "./actor";

// What GET /api/tasks/{id}/history and GET /api/lists/{id}/activity answer, as zod schemas:
// the types of the code that builds the answers are inferred from them and the OpenAPI
// document is generated from them.

const utcTime = z.iso.datetime({ precision: 3 });

/** One field before and after. */
const change = <T extends z.ZodType>(value: T) => z.strictObject({ from: value, to: value });

export const changesResponse = z
  .strictObject({
    title: change(z.string()).optional(),
    description: change(z.string().nullable()).optional(),
    priority: change(z.enum(PRIORITIES).nullable()).optional(),
    dueDate: change(utcTime.nullable()).optional(),
    completed: change(z.boolean()).optional(),
    listId: change(z.string()).optional().describe("A move: the list it left and the one it went to."),
    tags: change(z.array(z.string()))
      .optional()
      .describe("A tagging: the task's tag names before and after, by name (folded)."),
    role: change(z.enum(LIST_ROLES).nullable())
      .optional()
      .describe("A membership change: null before an invitation or a join, null after leaving or a removal."),
    email: change(z.string().nullable()).optional().describe("An invitation: the address invited (from null)."),
  })
  .nullable()
  .describe("Each field that changed, { from, to }; null for created, deleted and commented.");
export type ChangesJson = z.infer<typeof changesResponse>;

/** One page of entries, newest first. */
function newestFirst<T extends z.ZodType>(entry: T) {
  return z.strictObject({
    items: z.array(entry).describe("Newest first."),
    nextCursor: z.string().nullable().describe("Pass back as `cursor` for the next page; null on the last one."),
  });
}

// Common to both kinds of entry.
const entryId = z.string().regex(/^\d+$/).describe("Newest first is the highest id first.");

export const historyEntryResponse = z.strictObject({
  id: entryId,
  action: z.enum(TASK_ACTIONS),
  actor: accountResponse.describe("Who did it."),
  at: utcTime,
  changes: changesResponse,
});
export type HistoryEntryJson = z.infer<typeof historyEntryResponse>;

export const historyPageResponse = newestFirst(historyEntryResponse);
export type HistoryPageJson = z.infer<typeof historyPageResponse>;

export const activityEntryResponse = z.strictObject({
  id: entryId,
  action: z.enum([...TASK_ACTIONS, ...MEMBER_ACTIONS]),
  actor: accountResponse.describe("Who did it."),
  at: utcTime,
  taskId: z.string().nullable().describe("The task a task event is about (it may be deleted since); null for membership events."),
  taskTitle: z.string().nullable().describe("The task's title when it happened; null for membership events."),
  member: accountResponse
    .nullable()
    .describe("The member a membership event is about; null for task events and invitations (see changes.email)."),
  changes: changesResponse,
});
export type ActivityEntryJson = z.infer<typeof activityEntryResponse>;

export const activityPageResponse = newestFirst(activityEntryResponse);
export type ActivityPageJson = z.infer<typeof activityPageResponse>;
