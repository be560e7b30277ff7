import type { ParsedAttachment } from './types';

export type AttachmentMeta = Omit<ParsedAttachment, 'inline'> & { related: boolean; disposition: string | null };

/**
 * Marks what is shown in the body rather than listed: an attachment the HTML points at (`cid:`), or a related
 * part (an embedded image) that the sender did not mark as a download. An image with a Content-ID that nothing
 * references and that is not related stays in the attachment list, so it cannot go missing.
 */
export function withInlineFlags(attachments: AttachmentMeta[], html: string | null): ParsedAttachment[] {
  const referenced = new Set(
    Array.from(html?.matchAll(/cid:([^\s"'<>()]+)/gi) ?? [], (match) => cidKey(match[1] ?? '')),
  );
  return attachments.map(({ related, disposition, ...attachment }) => {
    const cid = attachment.contentId;
    const inline = cid !== null && (referenced.has(cidKey(cid)) || (related && disposition !== 'attachment'));
    return { ...attachment, inline };
  });
}

function cidKey(cid: string): string {
  try {
    return decodeURIComponent(cid).toLowerCase();
  } catch {
    return cid.toLowerCase();
  }
}
