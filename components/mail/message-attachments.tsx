'use client';

import { useTranslations } from 'next-intl';
import type { MessageView as Message } from '@/lib/mail/webmail/get-message';

function formatSize(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The message's files, each downloaded through the attachment route. */
export function MessageAttachments({ message }: { message: Message }) {
  const t = useTranslations('mail');
  const files = message.attachments.filter((a) => !a.inline);
  if (files.length === 0) return null;
  return (
    <ul aria-label={t('attachments')} className="flex flex-wrap gap-2">
      {files.map((file) => (
        <li key={file.id}>
          <a
            href={`/api/mail/attachments/${file.id}`}
            download
            className="inline-flex items-center gap-1 rounded border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50"
          >
            📎 <span className="max-w-48 truncate">{file.filename || t('unnamedAttachment')}</span>
            <span className="text-slate-500">{formatSize(file.size)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
