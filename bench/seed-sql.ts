// The SQL that makes the benchmark's rows, as the app would have written them:
// - task ids are UUIDv7 (lib/tasks/ids.ts) and created_at is the id's own millisecond
//   (timeOfTaskId), so keyset order and cursors behave as with real data;
// - tasks.revision numbers each user's writes and task_counters.revision is at least the
//   highest of them (lib/tasks/revision.ts, the change feed);
// - titles, descriptions and priorities satisfy the CHECK constraints.
import { createHash } from "node:crypto";

/** Bench users' ids and emails, deterministic so that any run can find them. */
export const userId = (n: number) => md5Uuid(`bench-user:${n}`);
export const userEmail = (n: number) => `bench-user-${n}@bench.example`;
export const HEAVY_EMAIL = "bench-heavy@bench.example";

// md5 as a uuid-shaped text, computed the same way in SQL (md5(...)::uuid::text).
function md5Uuid(text: string): string {
  const h = createHash("md5").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
export const HEAVY_ID = md5Uuid("bench-heavy");

const VERBS = ["Water", "Call", "Email", "Review", "Write", "Fix", "Plan", "Book", "Buy", "Clean", "Prepare", "Send",
  "Update", "Schedule", "Check", "Pay", "Read", "Cancel", "Organize", "Draft"];
// "invoice" is the search scenario's word: 1 noun in 30, so about 3% of titles (and some descriptions).
const NOUNS = ["plants", "mom", "report", "invoice", "budget", "dentist", "flights", "groceries", "garage", "slides",
  "newsletter", "taxes", "meeting notes", "car", "library books", "insurance", "laundry", "birthday gift", "blog post",
  "passport", "contract", "roof", "website", "presentation", "bike", "kitchen", "backup", "photos", "receipts", "café order"];
const QUALIFIERS = ["today", "tomorrow", "this week", "before Friday", "for Alice", "for Bob", "at the office",
  "at home", "again", "asap"];

const array = (words: string[]) => `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(",")}]`;
const pick = (words: string[]) => `(${array(words)})[1 + floor(random() * ${words.length})::int]`;

/**
 * INSERT ... SELECT of `perUser` tasks for every user the `owners` query yields
 * (columns: user_id, first_revision). Task n of a user gets revision first_revision + n and
 * a creation time spread evenly (with jitter) over the `spanDays` days before `endMs`,
 * oldest first, so ids, times and revisions all grow together.
 */
export function insertTasksSql(owners: string, perUser: number, spanDays: number, endMs: number): string {
  const step = Math.max(2, Math.floor((spanDays * 86_400_000) / perUser));
  return `
    insert into tasks (id, user_id, title, description, completed, priority, due_date, created_at, updated_at, revision)
    select
      substr(x, 1, 8) || '-' || substr(x, 9, 4) || '-7' || substr(h, 1, 3) || '-' ||
        substr('89ab', 1 + ascii(substr(h, 4, 1)) % 4, 1) || substr(h, 5, 3) || '-' || substr(h, 8, 12),
      user_id,
      ${pick(VERBS)} || ' ' || ${pick(NOUNS)} ||
        case when random() < 0.5 then ' ' || ${pick(QUALIFIERS)} else '' end,
      case when random() < 0.4
        then 'Remember the ' || ${pick(NOUNS)} || ' and the ' || ${pick(NOUNS)} || '.' end,
      random() < 0.3,
      (array[null, 'low', 'medium', 'medium', 'high']::varchar[])[1 + floor(random() * 5)::int],
      case when r_due < 0.35 then null
           when r_due < 0.6 then now() - random() * interval '60 days'
           else now() + random() * interval '90 days' end,
      created,
      case when random() < 0.5 then created else created + random() * (to_timestamp(${endMs} / 1000.0) - created) end,
      first_revision + n
    from (
      select user_id, first_revision, n, r_due,
        lpad(to_hex(ms), 12, '0') as x,
        md5(user_id || ':' || n || ':' || first_revision) as h,
        timestamptz 'epoch' + ms * interval '1 millisecond' as created
      from (
        select o.user_id, o.first_revision, g.n, random() as r_due,
          ${endMs}::bigint - (${perUser} - g.n)::bigint * ${step} - floor(random() * ${Math.floor(step * 0.9)})::bigint as ms
        from (${owners}) o
        cross join generate_series(1, ${perUser}) g(n)
        offset 0 -- evaluated once per row, not inlined into each use of ms
      ) a
    ) s`;
}

/** Users (and their password accounts, all with the same hash) numbered 1..users, plus the heavy one. */
export function insertUsersSql(users: number): string {
  return `
    insert into users (id, email, name, email_verified, created_at, updated_at)
    select md5('bench-user:' || i)::uuid::text, 'bench-user-' || i || '@bench.example', 'Bench User ' || i, true,
           now() - interval '1200 days', now() - interval '1200 days'
    from generate_series(1, ${users}) i
    union all
    select '${HEAVY_ID}', '${HEAVY_EMAIL}', 'Bench Heavy', true, now() - interval '1200 days', now() - interval '1200 days'`;
}

export const INSERT_ACCOUNTS_SQL = `
  insert into accounts (id, account_id, provider_id, user_id, password, created_at, updated_at)
  select md5('bench-account:' || id)::uuid::text, id, 'credential', id, $1, created_at, created_at from users`;

export const INSERT_COUNTERS_SQL = `
  insert into task_counters (user_id, revision, task_count)
  select user_id, max(revision), count(*) from tasks group by user_id
  on conflict (user_id) do update set revision = greatest(task_counters.revision, excluded.revision),
    task_count = excluded.task_count`;

/** Tasks whose created_at does not match the time in their id: must be none. */
export const ID_TIME_MISMATCHES_SQL = `
  select count(*)::int as n from (select id, created_at from tasks limit 10000) t
  where created_at <> timestamptz 'epoch' + ('x' || lpad(substr(replace(id, '-', ''), 1, 12), 16, '0'))::bit(64)::bigint * interval '1 millisecond'`;
