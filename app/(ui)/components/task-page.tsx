"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { TasksApiError } from "@/lib/client";
import { api } from "../lib/api-client";
import { describeError, isUnauthorized } from "../lib/error-view";
import { canEditTasks, canModerate } from "../lib/roles";
import { changedFields, draftFromTask } from "../lib/task-input";
import type { Task, TaskInput, User } from "../lib/types";
import { DeleteConfirm } from "./delete-confirm";
import { TaskAttachments } from "./task-attachments";
import { TaskComments } from "./task-comments";
import { TaskDetails } from "./task-details";
import { TaskForm } from "./task-form";
import { TaskHistory } from "./task-history";
import { useLists } from "./use-lists";
import { useTagNames } from "./use-tag-names";
import { Feedback } from "./feedback";

type Loaded = { phase: "loading" } | { phase: "missing" } | { phase: "failed"; message: string } | { phase: "ready"; task: Task; etag: string };

type TaskPageProps = { taskId: string; user: User; onSessionExpired(): void };

/**
 * One task's own page (/tasks/{id}): its details, and for editors its edit form and
 * completion; its comments, files and history. A task the person cannot see is the same
 * "not found" as one that never existed: the server answers both with one 404.
 */
export function TaskPage({ taskId, user, onSessionExpired }: TaskPageProps) {
  const [loaded, setLoaded] = useState<Loaded>({ phase: "loading" });
  const [mode, setMode] = useState<"view" | "edit" | "confirm-delete">("view");
  const router = useRouter();
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  // Bumped after every change made here, so the timeline and the counts are read again.
  const [version, setVersion] = useState(0);

  const checkSession = useCallback(
    (e: unknown) => {
      if (isUnauthorized(e)) onSessionExpired();
    },
    [onSessionExpired],
  );
  const lists = useLists(checkSession);

  const load = useCallback(async () => {
    try {
      const { task, etag } = await api.tasks.get(taskId);
      setLoaded({ phase: "ready", task, etag });
    } catch (e) {
      checkSession(e);
      if (e instanceof TasksApiError && e.is("not-found")) setLoaded({ phase: "missing" });
      else setLoaded({ phase: "failed", message: describeError(e, "Could not load the task.").message });
    }
  }, [taskId, checkSession]);

  useEffect(() => {
    void load();
  }, [load, version]);

  const task = loaded.phase === "ready" ? loaded.task : null;
  const list = lists.lists?.find((l) => l.id === task?.listId);
  const homeListId = task?.listId;
  const tagNames = useTagNames(useMemo(() => (homeListId ? [homeListId] : []), [homeListId]));
  const listName = useCallback((id: string) => lists.lists?.find((l) => l.id === id)?.name, [lists.lists]);
  const changed = useCallback(() => setVersion((v) => v + 1), []);

  if (loaded.phase === "loading") return <p className="loading">Loading the task…</p>;
  if (loaded.phase === "missing" || loaded.phase === "failed") {
    return (
      <section className="card" aria-labelledby="task-heading">
        <h2 id="task-heading" className="card__title">
          {loaded.phase === "missing" ? "Task not found" : "Could not load the task"}
        </h2>
        <p role="alert" className="form-error">
          {loaded.phase === "missing" ? "This task does not exist, or it is in a list you are not a member of." : loaded.message}
        </p>
        <Link href="/">Back to your tasks</Link>
      </section>
    );
  }

  const { task: current, etag } = loaded;
  const canEdit = list !== undefined && canEditTasks(list);
  const backHref = list ? `/?list=${encodeURIComponent(list.id)}` : "/";

  /** A write with the revision on screen: a change made meanwhile by someone else is a 412, not overwritten. */
  async function write(run: () => Promise<{ task: Task; etag: string }>, done: (t: Task) => string) {
    setError(null);
    try {
      const saved = await run();
      setLoaded({ phase: "ready", ...saved });
      setStatus(done(saved.task));
      setVersion((v) => v + 1);
    } catch (e) {
      checkSession(e);
      if (e instanceof TasksApiError && e.status === 412) {
        setError("Someone changed this task meanwhile. It is shown as it is now: make your change again.");
        setMode("view");
        setVersion((v) => v + 1);
        return;
      }
      throw e;
    }
  }

  async function save(input: TaskInput) {
    const changes = changedFields(current, input);
    if (Object.keys(changes).length > 0) await write(() => api.tasks.update(current.id, changes, { ifMatch: etag }), (t) => `Saved “${t.title}”.`);
    else setStatus("No changes to save.");
    setMode("view");
  }

  /** Deleted (or already gone: the outcome wanted anyway): back to its list. */
  async function remove() {
    setError(null);
    try {
      await api.tasks.delete(current.id, { ifMatch: etag });
    } catch (e) {
      checkSession(e);
      if (!(e instanceof TasksApiError && e.is("not-found"))) {
        setMode("view");
        setVersion((v) => v + 1); // a 412 shows the task as it is now
        return setError(`Could not delete “${current.title}”: ${describeError(e).message}`);
      }
    }
    router.push(backHref);
  }

  async function toggle() {
    try {
      await write(
        () => api.tasks.complete(current.id, { completed: !current.completed }, { ifMatch: etag }),
        (t) => `Marked “${t.title}” as ${t.completed ? "done" : "not done"}.`,
      );
    } catch (e) {
      setError(`Could not update “${current.title}”: ${describeError(e).message}`);
    }
  }

  return (
    <>
      <nav className="crumbs" aria-label="Back">
        <Link href={backHref}>← {list ? list.name : "Your tasks"}</Link>
      </nav>
      <article className="card task-page" aria-labelledby="task-heading">
        <h2 id="task-heading" className="card__title">
          {current.title}
        </h2>
        <Feedback status={status} error={error} />
        {mode === "edit" ? (
          <TaskForm
            label={`Edit “${current.title}”`}
            initial={draftFromTask(current)}
            submitLabel="Save"
            pendingLabel="Saving…"
            autoFocus
            tagSuggestions={tagNames.names}
            onSubmit={save}
            onCancel={() => setMode("view")}
          />
        ) : (
          <>
            <TaskDetails task={current} listName={list?.name ?? ""} standalone />
            {canEdit && (
              <div className="task-page__actions">
                {mode === "confirm-delete" ? (
                  <DeleteConfirm title={current.title} onConfirm={remove} onCancel={() => setMode("view")} />
                ) : (
                  <>
                    <button type="button" className="button button--small" onClick={() => void toggle()}>
                      {current.completed ? "Mark as not done" : "Mark as done"}
                    </button>
                    <button type="button" className="button button--small" onClick={() => setMode("edit")}>
                      Edit
                    </button>
                    <button type="button" className="button button--small button--danger-quiet" onClick={() => setMode("confirm-delete")}>
                      Delete task
                    </button>
                  </>
                )}
              </div>
            )}
          </>
        )}
        <TaskComments
          taskId={current.id}
          userId={user.id}
          canComment={canEdit}
          canModerate={list !== undefined && canModerate(list)}
          onChanged={changed}
          checkSession={checkSession}
        />
        <TaskAttachments taskId={current.id} canEdit={canEdit} onChanged={changed} checkSession={checkSession} />
        <TaskHistory taskId={current.id} version={version} listName={listName} checkSession={checkSession} />
      </article>
    </>
  );
}
