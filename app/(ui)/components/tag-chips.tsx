import type { TaskTag } from "../lib/types";

/** A task's tags as coloured chips, in the server's order (by name). */
export function TagChips({ tags }: { tags: TaskTag[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag.id} className={`tag tag--${tag.color ?? "none"}`}>
          {tag.name}
        </li>
      ))}
    </ul>
  );
}
