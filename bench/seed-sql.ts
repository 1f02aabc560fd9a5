// The SQL that makes the benchmark's rows, as the app would have written them:
// - task ids are UUIDv7 (lib/tasks/ids.ts) and created_at is the id's own millisecond
//   (timeOfTaskId), so keyset order and cursors behave as with real data;
// - every task is in a list (each user's Inbox, made by migration 0008's trigger with the
//   user; the heavy user has two more lists and is a member of two lists of others), with
//   user_id its list's owner and revisions from the task_revisions sequence;
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

/**
 * The heavy user's five lists (issue 11): the Inbox and two more of their own, and two lists
 * of other users shared with them (editor, viewer), with how many of the heavy tasks each
 * holds (parts of BENCH_HEAVY_TASKS, summing to 1).
 */
export const SHARER_IDS = [md5Uuid("bench-sharer:1"), md5Uuid("bench-sharer:2")] as const;
export const HEAVY_LISTS = [
  { id: "inbox", owner: HEAVY_ID, share: 0.4 },
  { id: md5Uuid("bench-list:work"), owner: HEAVY_ID, name: "Work", share: 0.2 },
  { id: md5Uuid("bench-list:home"), owner: HEAVY_ID, name: "Home", share: 0.2 },
  { id: md5Uuid("bench-list:shared-1"), owner: SHARER_IDS[0], name: "Family", share: 0.1, role: "editor" },
  { id: md5Uuid("bench-list:shared-2"), owner: SHARER_IDS[1], name: "Team", share: 0.1, role: "viewer" },
] as const;
/** The shared list the "one shared list" scenario pages through. */
export const SHARED_LIST_ID = HEAVY_LISTS[3].id;

/** The heavy user's extra lists and memberships (their Inbox and the sharers' come with the accounts). */
export function insertHeavyListsSql(): string {
  const extra = HEAVY_LISTS.filter((l) => l.id !== "inbox") as readonly { id: string; owner: string; name: string; role?: string }[];
  const lists = extra.map((l) => `('${l.id}', '${l.owner}', '${l.name}', now() - interval '1000 days', now() - interval '1000 days')`);
  const owners = extra.map((l) => `('${l.id}', '${l.owner}', 'owner')`);
  const shared = extra.filter((l) => l.role).map((l) => `('${l.id}', '${HEAVY_ID}', '${l.role}')`);
  return `
    insert into lists (id, owner_id, name, created_at, updated_at) values ${lists.join(", ")};
    insert into list_members (list_id, user_id, role) values ${[...owners, ...shared].join(", ")};`;
}

/** The owners query of insertTasksSql for one of the heavy user's lists. */
export function heavyListOwnerSql(list: (typeof HEAVY_LISTS)[number]): string {
  return list.id === "inbox"
    ? `select owner_id as user_id, id as list_id from lists where owner_id = '${HEAVY_ID}' and is_inbox`
    : `select '${list.owner}'::varchar as user_id, '${list.id}'::varchar as list_id`;
}

/** The owners query of insertTasksSql for the Inboxes of the users this SQL condition picks. */
export const inboxesOf = (condition: string) => `select owner_id as user_id, id as list_id from lists where is_inbox and ${condition}`;

const VERBS = ["Water", "Call", "Email", "Review", "Write", "Fix", "Plan", "Book", "Buy", "Clean", "Prepare", "Send",
  "Update", "Schedule", "Check", "Pay", "Read", "Cancel", "Organize", "Draft"];
// "invoice" is the search scenario's word: 1 noun in 30, so about 3% of titles (and some descriptions).
const NOUNS = ["plants", "mom", "report", "invoice", "budget", "dentist", "flights", "groceries", "garage", "slides",
  "newsletter", "taxes", "meeting notes", "car", "library books", "insurance", "laundry", "birthday gift", "blog post",
  "passport", "contract", "roof", "website", "presentation", "bike", "kitchen", "backup", "photos", "receipts", "café order"];
const QUALIFIERS = ["today", "tomorrow", "this week", "before Friday", "for Alice", "for Bob", "at the office",
  "at home", "again", "asap"];

// A UUIDv7 (lib/tasks/ids.ts) from x, the 12 hex digits of its millisecond, and h, an md5
// in hex for the rest: the version and variant bits set, so that the id's time is x.
const UUID_V7_SQL = `substr(x, 1, 8) || '-' || substr(x, 9, 4) || '-7' || substr(h, 1, 3) || '-' ||
        substr('89ab', 1 + ascii(substr(h, 4, 1)) % 4, 1) || substr(h, 5, 3) || '-' || substr(h, 8, 12)`;

const array = (words: string[]) => `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(",")}]`;
const pick = (words: string[]) => `(${array(words)})[1 + floor(random() * ${words.length})::int]`;

/**
 * INSERT ... SELECT of `perUser` tasks in every list the `owners` query yields (columns:
 * user_id, the list's owner, and list_id). Task n of a list gets a creation time spread
 * evenly (with jitter) over the `spanDays` days before `endMs`, oldest first, so ids and
 * times grow together; revisions come from the sequence, as the app's.
 */
export function insertTasksSql(owners: string, perUser: number, spanDays: number, endMs: number): string {
  const step = Math.max(2, Math.floor((spanDays * 86_400_000) / perUser));
  return `
    insert into tasks (id, user_id, list_id, created_by, updated_by, title, description, completed, priority, due_date, created_at, updated_at)
    select
      ${UUID_V7_SQL},
      user_id, list_id, user_id, user_id,
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
      case when random() < 0.5 then created else created + random() * (to_timestamp(${endMs} / 1000.0) - created) end
    from (
      select user_id, list_id, n, r_due,
        lpad(to_hex(ms), 12, '0') as x,
        md5(list_id || ':' || n || ':' || ms) as h,
        timestamptz 'epoch' + ms * interval '1 millisecond' as created
      from (
        select o.user_id, o.list_id, g.n, random() as r_due,
          ${endMs}::bigint - (${perUser} - g.n)::bigint * ${step} - floor(random() * ${Math.floor(step * 0.9)})::bigint as ms
        from (${owners}) o
        cross join generate_series(1, ${perUser}) g(n)
        offset 0 -- evaluated once per row, not inlined into each use of ms
      ) a
    ) s`;
}

/** Users (and their password accounts, all with the same hash) numbered 1..users, plus the heavy one and the two sharers. */
export function insertUsersSql(users: number): string {
  return `
    insert into users (id, email, name, email_verified, created_at, updated_at)
    select md5('bench-user:' || i)::uuid::text, 'bench-user-' || i || '@bench.example', 'Bench User ' || i, true,
           now() - interval '1200 days', now() - interval '1200 days'
    from generate_series(1, ${users}) i
    union all
    select '${HEAVY_ID}', '${HEAVY_EMAIL}', 'Bench Heavy', true, now() - interval '1200 days', now() - interval '1200 days'
    union all
    select id, 'bench-sharer-' || n || '@bench.example', 'Bench Sharer ' || n, true, now() - interval '1200 days', now() - interval '1200 days'
    from (values ('${SHARER_IDS[0]}', 1), ('${SHARER_IDS[1]}', 2)) as s(id, n)`;
}

export const INSERT_ACCOUNTS_SQL = `
  insert into accounts (id, account_id, provider_id, user_id, password, created_at, updated_at)
  select md5('bench-account:' || id)::uuid::text, id, 'credential', id, $1, created_at, created_at from users`;

/** Every list's tags (issue 12): the same eight names in each, with their colours. */
export const TAG_NAMES = ["home", "work", "errands", "urgent", "someday", "family", "money", "health"] as const;
const TAG_COLORS = ["green", "blue", "orange", "red", "gray", "pink", "yellow", "teal"];
const tagId = (list: string, name: string) => `md5('bench-tag:' || ${list} || ':' || ${name})::uuid::text`;

export const INSERT_TAGS_SQL = `
  insert into tags (id, list_id, name, color)
  select ${tagId("l.id", "t.name")}, l.id, t.name, t.color
  from lists l cross join unnest(${array([...TAG_NAMES])}, ${array(TAG_COLORS)}) as t(name, color)`;

/**
 * 0 to 3 of its list's tags on every task, a quarter of the tasks each, chosen by the task's
 * id (so a reseed makes the same): with h its hash, a task has h mod 4 tags, and the k-th is
 * name (h / 4 + 3k) mod 8, three different names for k = 1, 2, 3. The name must not come
 * from the same low bits as the count: with (h + 3k) mod 8, h mod 8 fixed both, and urgent
 * and health were on no task at all (tag=urgent read empty pages). Now each name is on
 * about 19% of the tasks (1.5 tags a task over 8 names), and urgent with work on about 3%.
 */
export const INSERT_TASK_TAGS_SQL = `
  insert into task_tags (task_id, tag_id, list_id)
  select t.id, ${tagId("t.list_id", `(${array([...TAG_NAMES])})[1 + (abs(hashtext(t.id)) / 4 + 3 * k) % 8]`)}, t.list_id
  from tasks t cross join generate_series(1, 3) as k
  where k <= abs(hashtext(t.id)) % 4`;

/**
 * The comments scenario's threads (issue 12): COMMENTS_PER_TASK comments on each of the
 * first COMMENTED_TASKS_PER_USER tasks of users 1..COMMENTED_USERS, "first" in
 * fixtures.ts sampleTasks' order (md5 of the id), so that the tasks the scenario reads are
 * those with comments: more than the API's first page (50), so every page read is full.
 * Each author is the task's owner (an Inbox's one member), each comment's id a UUIDv7 of its
 * creation, spread evenly between the task's creation and `endMs`, and the task's
 * comment_count says how many, as the app's statements keep it.
 */
export const COMMENTED_USERS = 100;
export const COMMENTED_TASKS_PER_USER = 10;
export const COMMENTS_PER_TASK = 60;

export function insertCommentsSql(endMs: number): string {
  return `
    insert into task_comments (id, task_id, list_id, author_id, body, created_at)
    select ${UUID_V7_SQL}, task_id, list_id, user_id,
      'Remember the ' || ${pick(NOUNS)} || case when random() < 0.5 then ' ' || ${pick(QUALIFIERS)} else '' end || '.',
      timestamptz 'epoch' + ms * interval '1 millisecond'
    from (
      select t.id as task_id, t.list_id, t.user_id, lpad(to_hex(ms), 12, '0') as x, md5(t.id || ':comment:' || c.n) as h, ms
      from (
        select id, list_id, user_id, (extract(epoch from created_at) * 1000)::bigint as task_ms,
          row_number() over (partition by user_id order by md5(id)) as k
        from tasks where user_id in (select md5('bench-user:' || i)::uuid::text from generate_series(1, ${COMMENTED_USERS}) i)
      ) t
      cross join generate_series(1, ${COMMENTS_PER_TASK}) c(n)
      cross join lateral (select t.task_ms + c.n * greatest(1, (${endMs}::bigint - t.task_ms) / ${COMMENTS_PER_TASK + 1}) as ms) m
      where t.k <= ${COMMENTED_TASKS_PER_USER}
    ) s;
    update tasks set comment_count = c.n from (select task_id, count(*)::int as n from task_comments group by task_id) c
    where tasks.id = c.task_id`;
}

export const INSERT_COUNTERS_SQL = `
  insert into task_counters (user_id, task_count)
  select user_id, count(*) from tasks group by user_id
  on conflict (user_id) do update set task_count = excluded.task_count`;

/** Tasks whose created_at does not match the time in their id: must be none. */
export const ID_TIME_MISMATCHES_SQL = `
  select count(*)::int as n from (select id, created_at from tasks limit 10000) t
  where created_at <> timestamptz 'epoch' + ('x' || lpad(substr(replace(id, '-', ''), 1, 12), 16, '0'))::bit(64)::bigint * interval '1 millisecond'`;
