"use client";

import { useEffect, useState } from "react";
import { api } from "../lib/api-client";
import type { Comment } from "../lib/types";
import { CommentForm } from "./comment-form";
import { CommentItem } from "./comment-item";
import { Loaded, TaskSection } from "./task-section";
import { useFailure } from "./use-failure";
import { useNow } from "./use-now";

type TaskCommentsProps = {
  taskId: string;
  userId: string;
  /** Editor or above: may comment, and edit and delete their own (a viewer may do neither, even to their own). */
  canComment: boolean;
  /** Admin or owner: may delete anyone's. */
  canModerate: boolean;
  /** A comment was added, edited or deleted: the history and the count change. */
  onChanged(): void;
  checkSession(error: unknown): void;
};

/** A task's comments, oldest first, a page at a time; the form to add one at the end. */
export function TaskComments({ taskId, userId, canComment, canModerate, onChanged, checkSession }: TaskCommentsProps) {
  const [items, setItems] = useState<Comment[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const { error, setError, report } = useFailure(checkSession);
  const now = useNow();

  useEffect(() => {
    const controller = new AbortController();
    api.comments.list(taskId, { limit: 50 }, { signal: controller.signal }).then(
      (page) => {
        setItems(page.items);
        setNextCursor(page.nextCursor);
      },
      (e: unknown) => report(e, "Could not load the comments"),
    );
    return () => controller.abort();
  }, [taskId, report]);

  async function loadMore() {
    if (!nextCursor) return;
    try {
      const page = await api.comments.list(taskId, { limit: 50, cursor: nextCursor });
      setItems((current) => [...(current ?? []), ...page.items.filter((c) => !current?.some((o) => o.id === c.id))]);
      setNextCursor(page.nextCursor);
    } catch (e) {
      report(e, "Could not load more comments");
    }
  }

  async function add(body: string) {
    setError(null);
    const comment = await api.comments.add(taskId, body); // the form shows a refusal's message
    // Oldest first: a new comment belongs at the end, once every older page is on screen.
    if (!nextCursor) setItems((current) => [...(current ?? []), comment]);
    setStatus("Comment added.");
    onChanged();
  }

  async function edit(comment: Comment, body: string) {
    setError(null);
    const saved = await api.comments.edit(taskId, comment.id, body);
    setItems((current) => current?.map((c) => (c.id === saved.id ? saved : c)) ?? null);
    setStatus("Comment saved.");
    onChanged();
  }

  async function remove(comment: Comment) {
    setError(null);
    try {
      await api.comments.delete(taskId, comment.id);
    } catch (e) {
      return report(e, "Could not delete the comment");
    }
    setItems((current) => current?.filter((c) => c.id !== comment.id) ?? null);
    setStatus("Comment deleted.");
    onChanged();
  }

  return (
    <TaskSection id="comments-heading" title="Comments" status={status} error={error}>
      <Loaded items={items} failed={error !== null} loading="Loading comments…" empty="No comments yet.">
        {(shown) => (
          <ol className="comments" aria-label="Comments">
            {shown.map((comment) => {
              const own = comment.author.id === userId;
              return (
                <CommentItem
                  key={comment.id}
                  comment={comment}
                  now={now}
                  {...(own && canComment && { onEdit: (body: string) => edit(comment, body) })}
                  {...(((own && canComment) || canModerate) && { onDelete: () => remove(comment) })}
                />
              );
            })}
          </ol>
        )}
      </Loaded>
      {nextCursor && (
        <button type="button" className="button button--small" onClick={() => void loadMore()}>
          Load more comments
        </button>
      )}
      {canComment && <CommentForm label="Add a comment" submitLabel="Comment" pendingLabel="Posting…" resetAfterSave onSubmit={add} />}
    </TaskSection>
  );
}
