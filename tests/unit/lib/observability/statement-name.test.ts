import { describe, expect, it } from "vitest";
import { statementName } from "@/lib/observability/statement-name";

describe("statementName", () => {
  it.each([
    ['select "id", "title" from "tasks" where ("tasks"."user_id" = $1 and "tasks"."id" = $2) limit $3', "select tasks"],
    ['insert into "tasks" ("id", "user_id", "title") values ($1, $2, $3) returning "id"', "insert tasks"],
    ['update "task_counters" set "revision" = "task_counters"."revision" + 1 where "user_id" = $1', "update task_counters"],
    ['delete from "sessions" where "sessions"."token" = $1', "delete sessions"],
    ['insert into "task_counters" ("user_id", "revision") values ($1, 1) on conflict ("user_id") do update set "revision" = 2', "insert task_counters"],
    ["select 1", "select"],
    ["  \n  SELECT now()", "select"],
    ['SELECT * FROM "public"."users" WHERE "email" = $1', "select users"],
    ["select * from public.users", "select users"],
    ['select count(*) > $1::integer as over from (select 1 from "tasks" where "tasks"."user_id" = $2 limit $3) as capped', "select tasks"],
    ['with locked as (select 1 from "task_counters" where user_id = $1 for update) insert into "task_tombstones" select 1', "insert task_tombstones"],
    [
      'with "next_revision" as (insert into "task_counters" ("user_id", "revision") values ($1, 1) returning "revision") ' +
        'insert into "tasks" ("id", "title", "revision") values ($2, $3, (select revision from "next_revision")) returning "id"',
      "insert tasks",
    ],
    ['with "next_revision" as (insert into "task_counters" values ($1)) update "tasks" set "revision" = (select 1) where "id" = $2', "update tasks"],
    ["with a as (select 1 from (select 2 from ((x)))) select * from (select 1) as s join tasks on true", "select"],
    ["with recursive r(n) as (select 1 union all select n + 1 from r) select n from r", "select r"],
    ["with x as (select 1)", "with"],
    ["with x as (select ')' from t) delete from \"sessions\"", "delete sessions"],
    ["-- a comment\nselect 1 from jwks", "select jwks"],
    ["/* hint */ delete from rate_limits", "delete rate_limits"],
    ["begin", "begin"],
    ["", "other"],
    ["   ", "other"],
    ["(select 1)", "other"],
    ["$1", "other"],
  ])("%s -> %s", (sql, name) => {
    expect(statementName(sql)).toBe(name);
  });

  it("never contains a literal or anything but identifiers", () => {
    const names = [
      "select 'secret title' from tasks",
      "select * from tasks where title = 'from secret'",
      "insert into tasks values ('a''b from c')",
      "update tasks set title = 'x' where id = 'secret-id'",
      "select e'\\x41 from secret'",
      "select $$ from secret $$ from tasks",
      "select $body$ from secret $body$",
    ].map(statementName);
    expect(names).toEqual(["select tasks", "select tasks", "insert tasks", "update tasks", "select", "select tasks", "select"]);
    for (const name of names) expect(name).toMatch(/^[a-z]+( [a-z_][a-z0-9_$]*)?$/);
  });
});
