// A short, stable name for a SQL statement, for slow-query lines and the query histogram:
// its first keyword and the first table it reads or writes ("select tasks", "insert
// task_counters", "update sessions"). Built from identifiers only, never from literals or
// parameters (the app's values travel as $1, $2...), and from a bounded vocabulary: the
// app's statements, so the histogram's label set stays small.

/** The name for a transaction as a whole (postgres.js begin()). */
export const TRANSACTION = "transaction";

const IDENTIFIER = String.raw`(?:"[A-Za-z_][A-Za-z0-9_$]{0,62}"|[A-Za-z_][A-Za-z0-9_$]{0,62})`;
const LEADING_COMMENTS = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;
const KEYWORD = /^[A-Za-z]{1,16}\b/;
// String literals ('it''s') and dollar-quoted bodies ($$...$$, $fn$...$fn$): the app's SQL
// may hold some, and "from x" inside one names no table.
const LITERALS = /'(?:[^']|'')*'|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g;
const MAY_QUOTE = /'|\$[A-Za-z_]*\$/;
// The first FROM, INTO or UPDATE followed by a table (schema-qualified or not): a FROM
// followed by "(" is a subquery, and the search moves on to the one inside it.
const TABLE = new RegExp(String.raw`\b(?:from|into|update)\s+(?:${IDENTIFIER}\s*\.\s*)?(${IDENTIFIER})`, "i");

const PARENTHESES = /\([^()]*\)/g;
const MAIN_KEYWORD = /\b(select|insert|update|delete|merge)\b/i;

// The app sends a few hundred distinct texts (its values travel as parameters), each many
// times: each is named once. Bounded all the same, for texts that carry a literal.
const NAMED = new Map<string, string>();
const NAMED_MAX = 1_000;

export function statementName(sql: string): string {
  let name = NAMED.get(sql);
  if (name === undefined) {
    name = nameOf(sql);
    if (NAMED.size >= NAMED_MAX) NAMED.clear();
    NAMED.set(sql, name);
  }
  return name;
}

function nameOf(sql: string): string {
  let body = sql.replace(LEADING_COMMENTS, "");
  let keyword = KEYWORD.exec(body)?.[0].toLowerCase();
  if (!keyword) return "other";
  if (MAY_QUOTE.test(body)) body = body.replace(LITERALS, "''");
  if (keyword === "with") {
    // `with a as (...), b as (...) insert into "tasks" ...`: named after the statement the
    // CTEs lead to, found with every parenthesised part, innermost first, made a "[]".
    let flat = body;
    while (flat !== (flat = flat.replace(PARENTHESES, "[]")));
    const main = MAIN_KEYWORD.exec(flat);
    if (!main) return keyword;
    keyword = main[1]!.toLowerCase();
    body = flat.slice(main.index);
  }
  const table = TABLE.exec(body)?.[1];
  return table ? `${keyword} ${table.replaceAll('"', "").toLowerCase()}` : keyword;
}
