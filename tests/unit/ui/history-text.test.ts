import { describe, expect, it } from "vitest";
import { describeEntry, timeAgo } from "@/app/(ui)/lib/history-text";
import type { HistoryEntry } from "@/lib/client";

// The timeline's sentences, from the API's entries: every action, every tracked field, the
// ways a value can appear or go, and how long ago, in the words the page shows.

const bob = { id: "u-bob", name: "Bob" };
const entry = (action: HistoryEntry["action"], changes: HistoryEntry["changes"] = null): HistoryEntry => ({
  id: "1",
  action,
  actor: bob,
  at: "2027-05-01T10:00:00.000Z",
  changes,
});

describe("describeEntry", () => {
  it.each([
    ["created", "Bob created this"],
    ["completed", "Bob completed this"],
    ["reopened", "Bob reopened this"],
    ["commented", "Bob commented"],
    ["deleted", "Bob deleted this"],
  ] as const)("%s", (action, sentence) => {
    expect(describeEntry(entry(action, action === "completed" ? { completed: { from: false, to: true } } : null))).toBe(sentence);
  });

  it("names each changed field with its values, dates as days, in the form's order", () => {
    const changes = {
      title: { from: "Picnic", to: "Plan the picnic" },
      dueDate: { from: "2027-05-03T00:00:00.000Z", to: "2027-05-05T00:00:00.000Z" },
      priority: { from: null, to: "high" as const },
    };
    expect(describeEntry(entry("updated", changes))).toBe(
      "Bob changed the title from “Picnic” to “Plan the picnic”, set the priority to high and changed the due date from May 3, 2027 to May 5, 2027",
    );
  });

  it("says a value removed, and what it was; a description only that it changed", () => {
    expect(describeEntry(entry("updated", { dueDate: { from: "2027-05-03T00:00:00.000Z", to: null } }))).toBe(
      "Bob removed the due date (was May 3, 2027)",
    );
    expect(describeEntry(entry("updated", { description: { from: "a long text", to: "another" } }))).toBe("Bob changed the description");
    expect(describeEntry(entry("updated", { description: { from: null, to: "x" } }))).toBe("Bob added a description");
    expect(describeEntry(entry("updated", { description: { from: "x", to: null } }))).toBe("Bob removed the description");
  });

  it("says completion changed with other fields in the same words", () => {
    expect(describeEntry(entry("updated", { title: { from: "a", to: "b" }, completed: { from: true, to: false } }))).toBe(
      "Bob changed the title from “a” to “b” and reopened it",
    );
  });

  it("lists tags added and removed, ignoring a change of case only", () => {
    const tagged = (from: string[], to: string[]) => describeEntry(entry("tagged", { tags: { from, to } }));
    expect(tagged([], ["home"])).toBe("Bob added the tag “home”");
    expect(tagged(["home", "work"], ["Home", "errands", "money"])).toBe("Bob added the tags “errands” and “money” and removed the tag “work”");
    expect(tagged(["a", "b", "c"], [])).toBe("Bob removed the tags “a”, “b” and “c”");
  });

  it("names the lists of a move the reader knows, and leaves out one they do not", () => {
    const moved = entry("moved", { listId: { from: "l-1", to: "l-2" } });
    const names: Record<string, string> = { "l-1": "Home", "l-2": "Family" };
    expect(describeEntry(moved, (id) => names[id])).toBe("Bob moved this from Home to Family");
    expect(describeEntry(moved, (id) => (id === "l-2" ? "Family" : undefined))).toBe("Bob moved this to Family");
    expect(describeEntry(moved)).toBe("Bob moved this");
  });

  it("shows a deleted account by the API's placeholder name", () => {
    expect(describeEntry({ ...entry("created"), actor: { id: null, name: "Deleted account" } })).toBe("Deleted account created this");
  });
});

describe("timeAgo", () => {
  const now = new Date("2027-05-10T12:00:00.000Z");
  const ago = (seconds: number) => timeAgo(new Date(now.getTime() - seconds * 1000).toISOString(), now, "en");
  it.each([
    [0, "just now"],
    [-5, "just now"], // a server clock a little ahead
    [44, "just now"],
    [60, "1 minute ago"],
    [120, "2 minutes ago"],
    [3599, "59 minutes ago"],
    [3600, "1 hour ago"],
    [86_400, "yesterday"],
    [3 * 86_400, "3 days ago"],
    [14 * 86_400, "2 weeks ago"],
    [400 * 86_400, "last year"],
  ])("%i s is %j", (seconds, words) => {
    expect(ago(seconds)).toBe(words);
  });
});
