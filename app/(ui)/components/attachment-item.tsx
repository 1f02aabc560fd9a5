"use client";

import { useState } from "react";
import type { Attachment } from "../lib/types";
import { ConfirmStep } from "./confirm-step";
import { RelativeTime } from "./relative-time";

type AttachmentItemProps = {
  attachment: Attachment;
  /** The bytes' address on our origin (the session cookie goes along). */
  href: string;
  now: Date;
  /** Given when the reader may delete it (editor or above). */
  onDelete?: () => Promise<void>;
};

const UNITS = ["bytes", "KB", "MB", "GB"];

/** 1,536 bytes is "1.5 KB": sizes as people read them (powers of 1024, one decimal under 10). */
export function formatSize(bytes: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < UNITS.length - 1) {
    size /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(size) : size.toFixed(size < 10 ? 1 : 0);
  return `${shown} ${UNITS[unit]}`;
}

/** One file: its name (the download), size, who added it and when, and delete. */
export function AttachmentItem({ attachment, href, now, onDelete }: AttachmentItemProps) {
  const [confirming, setConfirming] = useState(false);
  const { fileName } = attachment;
  return (
    <li className="attachment">
      <a href={href} download={fileName} className="attachment__name">
        {fileName}
      </a>
      <span className="attachment__meta">
        {formatSize(attachment.size)} · {attachment.uploadedBy?.name ?? "Deleted account"}, <RelativeTime iso={attachment.createdAt} now={now} />
      </span>
      {onDelete &&
        (confirming ? (
          <ConfirmStep
            label={`Delete “${fileName}”?`}
            question="Delete?"
            confirmLabel="Delete file"
            pendingLabel="Deleting…"
            onConfirm={onDelete}
            onCancel={() => setConfirming(false)}
          />
        ) : (
          <button type="button" className="button button--small button--danger-quiet" onClick={() => setConfirming(true)}>
            Delete<span className="visually-hidden"> “{fileName}”</span>
          </button>
        ))}
    </li>
  );
}
