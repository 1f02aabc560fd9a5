// What the injection suites (tests/security/injection*.test.ts) send as every kind of text:
// SQL metacharacters, quotes, template syntax, markup and Unicode tricks.

export const PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE tasks; --",
  "\" OR \"\"=\"",
  "1; SELECT pg_sleep(5)--",
  "' UNION SELECT id, user_id, title, description FROM tasks --",
  "%' OR 1=1 --",
  "\\'; --",
  "$1 $2 ${x} #{x} {{x}}",
  "<script>alert(1)</script>",
  "' AND extractvalue(1, concat(0x7e, version())) --",
  "‮gnp.exe", // right-to-left override
  "ｓｅｌｅｃｔ", // full-width letters
  "a\u200bb", // zero-width space
  "😀'🙂\"",
];
