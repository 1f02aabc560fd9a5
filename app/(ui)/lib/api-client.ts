import { createTasksClient } from "@/lib/client";

// The UI's one way to the server: the typed SDK (lib/client), same origin, so the session
// cookie goes along and the browser adds the Origin that cookie-authenticated writes need.
// A change to the API's contract is a type error here and in the components, not on screen.

export const api = createTasksClient({
  // The API says no-store too; this keeps any browser from reusing an answer regardless.
  fetch: (request) => fetch(request, { cache: "no-store" }),
});

/** Rows per page of the list. */
export const PAGE_SIZE = 50;

/** A load the page itself cancelled (a newer one replaced it): nothing to show. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
