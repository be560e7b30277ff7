'use client';

import { Eye, Paperclip } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { previewKindOf } from '@/lib/mail/attachments/preview-kind';
import type { MessageView as Message } from '@/lib/mail/webmail/get-message';
import { attachmentSize } from './attachment-size';
import { AttachmentViewer, type PreviewFile } from './attachment-viewer';

/**
 * The message's files, each downloaded through the attachment route; images and PDFs also open in the
 * viewer (through the same route's preview mode).
 */
export function MessageAttachments({ message }: { message: Message }) {
  const t = useTranslations('mail');
  const [open, setOpen] = useState<number | null>(null);
  const files = message.attachments.filter((a) => !a.inline);
  if (files.length === 0) return null;
  const previews: PreviewFile[] = files.flatMap((file) => {
    const kind = previewKindOf(file.contentType);
    return kind ? [{ id: file.id, name: file.filename || t('unnamedAttachment'), kind }] : [];
  });
  return (
    <>
      <ul aria-label={t('attachments')} className="flex flex-wrap gap-2">
        {files.map((file) => {
          const name = file.filename || t('unnamedAttachment');
          const size = attachmentSize(file.size);
          const previewIndex = previews.findIndex((p) => p.id === file.id);
          return (
            <li
              key={file.id}
              className="inline-flex items-center overflow-hidden rounded border border-line-strong text-xs text-fg-muted"
            >
              <a
                href={`/api/mail/attachments/${file.id}`}
                download
                className="inline-flex items-center gap-1 px-2 py-1 hover:bg-surface-subtle"
              >
                <Paperclip aria-hidden className="size-3.5" />
                <span className="max-w-48 truncate">{name}</span>
                <span className="text-fg-subtle">{t(`attachmentSize.${size.unit}`, { size: size.size })}</span>
              </a>
              {previewIndex >= 0 && (
                <button
                  type="button"
                  className="border-l border-line-strong px-2 py-1 hover:bg-surface-subtle"
                  aria-label={t('preview.open', { name })}
                  onClick={() => setOpen(previewIndex)}
                >
                  <Eye aria-hidden className="size-3.5" />
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <AttachmentViewer files={previews} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />
    </>
  );
}
