import { TasksApiError, TasksNetworkError } from "./errors";
import type { Http, TasksClientOptions } from "./http";
import { requestHeaders, succeed } from "./http";
import type { Attachment, AttachmentList } from "./schemas";
import type { CallOptions } from "./task-methods";

// /api/tasks/{id}/attachments. An upload goes as multipart/form-data with one part, `file`.
// fetch cannot report how much of a request body has been sent, so an upload given
// `onProgress` in a browser goes by XMLHttpRequest, whose upload events can; everywhere
// else (scripts, Node) it is the same fetch as every other call.

export type UploadProgress = { sent: number; total: number };
export type UploadOptions = CallOptions & {
  /** The attachment's name; by default the File's own name. */
  fileName?: string;
  /** Called as the body goes out (browsers only; elsewhere once, when it has all gone). */
  onProgress?: (progress: UploadProgress) => void;
};

const attachmentsPath = (taskId: string) => ({ path: { id: taskId } });
const attachmentPath = (taskId: string, attachmentId: string) => ({ path: { id: taskId, attachmentId } });

export function attachmentMethods(http: Http, options: TasksClientOptions) {
  const base = options.baseUrl ?? "";
  return {
    /** GET /api/tasks/{id}/attachments: oldest first. */
    async list(taskId: string, { signal }: CallOptions = {}): Promise<AttachmentList> {
      return (await succeed(http.GET("/api/tasks/{id}/attachments", { params: attachmentsPath(taskId), signal }))).data;
    },

    /** POST /api/tasks/{id}/attachments (editor and above): 413 past ATTACHMENT_MAX_BYTES or the quota. */
    async upload(taskId: string, file: Blob, { fileName, onProgress, signal }: UploadOptions = {}): Promise<Attachment> {
      const form = new FormData();
      form.append("file", file, fileName ?? (file instanceof File ? file.name : "file"));
      if (onProgress && typeof XMLHttpRequest !== "undefined") {
        const url = `${base}/api/tasks/${encodeURIComponent(taskId)}/attachments`;
        const response = await sendWithProgress(url, form, requestHeaders(options), onProgress, signal);
        const body: unknown = await response.json().catch(() => undefined);
        if (!response.ok) throw new TasksApiError(response, body);
        return body as Attachment;
      }
      const sent = await succeed(http.POST("/api/tasks/{id}/attachments", { params: attachmentsPath(taskId), body: form as never, signal }));
      onProgress?.({ sent: file.size, total: file.size });
      return sent.data;
    },

    /** GET /api/tasks/{id}/attachments/{attachmentId}: the bytes, with their stored type. */
    async download(taskId: string, attachmentId: string, { signal }: CallOptions = {}): Promise<Blob> {
      const pending = http.GET("/api/tasks/{id}/attachments/{attachmentId}", { params: attachmentPath(taskId, attachmentId), parseAs: "blob", signal });
      return (await succeed(pending)).data as Blob;
    },

    /**
     * Where the bytes are, for a link on the app's own pages (the session cookie goes along;
     * the server answers `Content-Disposition: attachment`, so the browser saves the file).
     */
    downloadUrl(taskId: string, attachmentId: string): string {
      return `${base}/api/tasks/${encodeURIComponent(taskId)}/attachments/${encodeURIComponent(attachmentId)}`;
    },

    /** DELETE /api/tasks/{id}/attachments/{attachmentId} (editor and above): the file goes from the store too. */
    async delete(taskId: string, attachmentId: string, { signal }: CallOptions = {}): Promise<void> {
      await succeed(http.DELETE("/api/tasks/{id}/attachments/{attachmentId}", { params: attachmentPath(taskId, attachmentId), signal }));
    },
  };
}

// XMLHttpRequest's answer as a fetch Response, so that errors are read the one way.
function sendWithProgress(
  url: string,
  form: FormData,
  headers: Record<string, string>,
  onProgress: (progress: UploadProgress) => void,
  signal: AbortSignal | undefined,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ sent: event.loaded, total: event.total });
    };
    xhr.onload = () => resolve(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers: parseHeaders(xhr.getAllResponseHeaders()) }));
    xhr.onerror = () => reject(new TasksNetworkError(new Error("the upload's connection failed")));
    xhr.onabort = () => reject(new DOMException("The upload was aborted", "AbortError"));
    if (signal?.aborted) return reject(new DOMException("The upload was aborted", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}
