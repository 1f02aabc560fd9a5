import { createHash, timingSafeEqual } from "node:crypto";

const sha256 = (value: string) => createHash("sha256").update(value).digest();

/**
 * Whether an Authorization header is `Bearer <expected>`. The comparison takes the same
 * time wherever the first difference is: both sides are hashed first, so timingSafeEqual
 * always compares 32 bytes and the length of the token does not show either.
 */
export function bearerTokenMatches(authorization: string | null, expected: string): boolean {
  const given = authorization === null ? null : /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
  const matches = timingSafeEqual(sha256(given ?? ""), sha256(expected));
  return given != null && matches;
}
