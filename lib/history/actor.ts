import { z } from "zod";

// Who wrote a comment or made a change: an account by id and name, read with the row in
// the same statement, or a placeholder once that account is deleted (the row stays).

export const DELETED_ACCOUNT = "Deleted account";

export const accountResponse = z
  .strictObject({
    id: z.string().nullable().describe("null once the account is deleted."),
    name: z.string().describe(`The account's name now; "${DELETED_ACCOUNT}" once it is deleted.`),
  })
  .describe(`An account, or { id: null, name: "${DELETED_ACCOUNT}" } once it is deleted.`);
export type AccountJson = z.infer<typeof accountResponse>;

/** The account behind a row's foreign key (set null when the account went) and its name. */
export function accountJson(id: string | null, name: string | null): AccountJson {
  return id === null || name === null ? { id: null, name: DELETED_ACCOUNT } : { id, name };
}
