"use client";

import { useCallback, useEffect, useRef, useState, type ChangeEvent } from "react";
import { api, isAbort } from "../lib/api-client";
import type { Attachment } from "../lib/types";
import { AttachmentItem } from "./attachment-item";
import { Loaded, TaskSection } from "./task-section";
import { useFailure } from "./use-failure";
import { useNow } from "./use-now";

type TaskAttachmentsProps = {
  taskId: string;
  /** Editor or above: may upload and delete. */
  canEdit: boolean;
  /** A file was added or removed. */
  onChanged(): void;
  checkSession(error: unknown): void;
};

type Upload = { name: string; sent: number; total: number; controller: AbortController };

/**
 * A task's files: each a download link (the server answers `Content-Disposition:
 * attachment`, so the browser saves it and never shows it in our origin), and for editors an
 * upload with a progress bar that can be cancelled, and delete.
 */
export function TaskAttachments({ taskId, canEdit, onChanged, checkSession }: TaskAttachmentsProps) {
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [status, setStatus] = useState("");
  const { error, setError, report } = useFailure(checkSession);
  const picker = useRef<HTMLInputElement>(null);
  const now = useNow();

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setItems((await api.attachments.list(taskId, { signal })).items);
      } catch (e) {
        report(e, "Could not load the files");
      }
    },
    [taskId, report],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  async function send(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file || upload) return;
    setError(null);
    const controller = new AbortController();
    setUpload({ name: file.name, sent: 0, total: file.size, controller });
    try {
      const attachment = await api.attachments.upload(taskId, file, {
        signal: controller.signal,
        onProgress: ({ sent, total }) => setUpload((u) => u && { ...u, sent, total }),
      });
      setItems((current) => [...(current ?? []), attachment]);
      setStatus(`Uploaded “${attachment.fileName}”.`);
      onChanged();
    } catch (e) {
      if (isAbort(e)) setStatus(`Cancelled the upload of “${file.name}”.`);
      else report(e, `Could not upload “${file.name}”`);
    } finally {
      setUpload(null);
      if (picker.current) picker.current.value = ""; // the same file can be chosen again
    }
  }

  async function remove(attachment: Attachment) {
    setError(null);
    try {
      await api.attachments.delete(taskId, attachment.id);
    } catch (e) {
      return report(e, `Could not delete “${attachment.fileName}”`);
    }
    setItems((current) => current?.filter((a) => a.id !== attachment.id) ?? null);
    setStatus(`Deleted “${attachment.fileName}”.`);
    onChanged();
  }

  const percent = upload && upload.total > 0 ? Math.round((upload.sent / upload.total) * 100) : 0;
  return (
    <TaskSection id="files-heading" title="Files" status={status} error={error}>
      <Loaded items={items} failed={error !== null} loading="Loading files…" empty="No files yet.">
        {(shown) => (
          <ul className="attachments" aria-label="Files">
            {shown.map((a) => (
              <AttachmentItem key={a.id} attachment={a} href={api.attachments.downloadUrl(taskId, a.id)} now={now} {...(canEdit && { onDelete: () => remove(a) })} />
            ))}
          </ul>
        )}
      </Loaded>
      {canEdit && (
        <div className="upload">
          <label className="button button--small upload__pick">
            Attach a file
            <input ref={picker} type="file" className="visually-hidden" aria-disabled={upload !== null || undefined} onChange={(e) => void send(e)} />
          </label>
          {upload && (
            <div className="upload__progress">
              <label>
                Uploading “{upload.name}”: {percent}%
                <progress max={100} value={percent} />
              </label>
              <button type="button" className="button button--small" onClick={() => upload.controller.abort()}>
                Cancel upload
              </button>
            </div>
          )}
        </div>
      )}
    </TaskSection>
  );
}
