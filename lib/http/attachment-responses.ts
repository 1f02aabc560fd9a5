import { attachmentJson, type AttachmentListJson, type AttachmentView } from "@/lib/attachments/responses";
import type { OpenedAttachment } from "@/lib/attachments/attachments";
import { LENGTH_HEADER } from "./content-length-relay";

// Attachments on the wire: their metadata as JSON, their bytes as a download that a
// browser saves and never renders in our origin, whatever the file is.

export function createdAttachmentResponse(attachment: AttachmentView): Response {
  return Response.json(attachmentJson(attachment), {
    status: 201,
    headers: { Location: `/api/tasks/${attachment.taskId}/attachments/${attachment.id}` },
  });
}

export function attachmentListResponse(items: AttachmentView[]): Response {
  const body: AttachmentListJson = { items: items.map(attachmentJson) };
  return Response.json(body);
}

/**
 * An uploaded HTML or SVG file is a page of whoever uploaded it: served from our origin it
 * could run script with a viewer's cookies. So it is only ever a download (attachment),
 * never sniffed into something else (nosniff, set for every API response), and, should a
 * browser render it anyway, sandboxed with nothing allowed: no script, no plugin, no
 * request, no form, a unique origin, not framable.
 */
export const DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";
// (next.config.ts sends this same policy on every API response, and Next keeps a header
// next.config set over the route's: one policy, whichever applies.)

export function downloadResponse({ attachment, bytes }: OpenedAttachment): Response {
  return new Response(bytes, {
    headers: {
      "Content-Type": attachment.contentType,
      // Next drops Content-Length from route responses; the method gate restores it from this.
      [LENGTH_HEADER]: String(attachment.size),
      "Content-Disposition": contentDisposition(attachment.fileName),
      "Content-Security-Policy": DOWNLOAD_CSP,
      "Cache-Control": "private, no-store",
    },
  });
}

/**
 * RFC 6266: `filename` for old clients, ASCII only, with anything that could end the quoted
 * string or the header (quotes, backslashes, controls) and every non-ASCII character as
 * "_"; `filename*` (RFC 8187) with the exact name, UTF-8 percent-encoded, which every
 * current browser prefers.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/gu, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}

// encodeURIComponent leaves !'()* as they are; RFC 8187's attr-char does not allow ' ( ) *.
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
