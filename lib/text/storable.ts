// What PostgreSQL cannot keep as sent: NUL, which text refuses outright (SQLSTATE 22021,
// a 500 if it gets that far), and an unpaired UTF-16 surrogate, which the driver's UTF-8
// encoding silently turns into U+FFFD (so what reads back is not what was sent). In a /u
// regex a surrogate range matches only unpaired halves.
const UNSTORABLE = /\u0000|[\ud800-\udfff]/u;

/** True when PostgreSQL would refuse this text or store something else. */
export function hasUnstorableCharacter(text: string): boolean {
  return UNSTORABLE.test(text);
}

/**
 * The paths (`image`, `user.name`, `items.2`, as validation errors name them) of every string in a JSON value, keys included,
 * that PostgreSQL cannot store as sent.
 */
export function unstorablePaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === "string") return hasUnstorableCharacter(value) ? [path.join(".")] : [];
  if (value === null || typeof value !== "object") return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    if (hasUnstorableCharacter(key)) found.push(childPath.join("."));
    found.push(...unstorablePaths(child, childPath));
  }
  return found;
}
