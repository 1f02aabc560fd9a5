"use client";

import { useState } from "react";
import type { Comment } from "../lib/types";
import { CommentForm } from "./comment-form";
import { ConfirmStep } from "./confirm-step";
import { RelativeTime } from "./relative-time";

type CommentItemProps = {
  comment: Comment;
  now: Date;
  /** Given when the reader may edit it (its author, an editor or above). */
  onEdit?: (body: string) => Promise<void>;
  /** Given when the reader may delete it (its author, or the list's admins and owner). */
  onDelete?: () => Promise<void>;
};

/** One comment: who, when, whether edited, its text with its line breaks, and its controls. */
export function CommentItem({ comment, now, onEdit, onDelete }: CommentItemProps) {
  const [mode, setMode] = useState<"view" | "edit" | "confirm-delete">("view");
  const author = comment.author.name;
  return (
    <li className="comment">
      <p className="comment__meta">
        <strong className="comment__author">{author}</strong> <RelativeTime iso={comment.createdAt} now={now} />
        {comment.editedAt && <span className="comment__edited"> (edited)</span>}
      </p>
      {mode === "edit" && onEdit ? (
        <CommentForm
          label="Edit your comment"
          initial={comment.body}
          submitLabel="Save"
          pendingLabel="Saving…"
          autoFocus
          onSubmit={async (body) => {
            await onEdit(body);
            setMode("view");
          }}
          onCancel={() => setMode("view")}
        />
      ) : (
        <p className="comment__body">{comment.body}</p>
      )}
      {mode === "view" && (onEdit || onDelete) && (
        <div className="comment__actions">
          {onEdit && (
            <button type="button" className="button button--small" onClick={() => setMode("edit")}>
              Edit<span className="visually-hidden"> comment by {author}</span>
            </button>
          )}
          {onDelete && (
            <button type="button" className="button button--small button--danger-quiet" onClick={() => setMode("confirm-delete")}>
              Delete<span className="visually-hidden"> comment by {author}</span>
            </button>
          )}
        </div>
      )}
      {mode === "confirm-delete" && onDelete && (
        <ConfirmStep
          label={`Delete this comment by ${author}?`}
          question="Delete?"
          confirmLabel="Delete comment"
          pendingLabel="Deleting…"
          onConfirm={onDelete}
          onCancel={() => setMode("view")}
        />
      )}
    </li>
  );
}
