import { expect } from "vitest";

// How the sharing model (sharing-model.ts) predicts a task's tags: names matched in the
// task's own list ignoring case and accents, a name the list has no tag for becoming a new
// tag there (named as first given, no colour), the same tag named twice counting once, and
// a task's tags ordered by their folded name. Written from the README's Tags section, not
// from lib/tags, so that a change of rule there breaks the property instead of following it.

export type ModelTag = { id: string; name: string; color: string | null };
/** A tag the answer should carry: an id the model does not know yet is any UUID. */
type Predicted = { id?: string; name: string; color: string | null };

const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);

/**
 * The folding of tasks_title_key for the names the model uses (Latin letters, accents):
 * NFKD, the combining accents dropped, lower case. Enough for the model's names; the
 * database's function covers more scripts than any step sends.
 */
export const fold = (name: string) => name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

// The tags' order (TAG_ORDER): the folded name byte by byte; within one list each key is one tag.
const byKey = (a: { name: string }, b: { name: string }) => Buffer.compare(Buffer.from(fold(a.name)), Buffer.from(fold(b.name)));

export const sortTags = <T extends { name: string }>(tags: T[]): T[] => [...tags].sort(byKey);

/** The list's tag of this name (folded), if it has one. */
export const tagNamed = (tags: Map<string, ModelTag>, name: string) => [...tags.values()].find((t) => fold(t.name) === fold(name));

/** The tags a task of the list gets from `wanted` (names, or the tags a moved task brings with their colours). */
export function predictTags(listTags: Map<string, ModelTag>, wanted: { name: string; color: string | null }[]): Predicted[] {
  const byName = new Map<string, Predicted>();
  for (const w of wanted) {
    const key = fold(w.name.trim());
    if (!byName.has(key)) byName.set(key, tagNamed(listTags, w.name.trim()) ?? { name: w.name.trim(), color: w.color });
  }
  return sortTags([...byName.values()]);
}

/** The predicted tags as an answer carries them. */
export const expectedTags = (predicted: Predicted[]) => predicted.map((t) => ({ id: t.id ?? UUID, name: t.name, color: t.color }));

/** Tags the answer carries that the list's model has not seen: created by the write, now the list's. */
export function adoptTags(listTags: Map<string, ModelTag>, answered: ModelTag[]): void {
  for (const tag of answered) if (!listTags.has(tag.id)) listTags.set(tag.id, { id: tag.id, name: tag.name, color: tag.color });
}
