'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { attachmentSize } from '../attachment-size';
import { errorMessage } from '../mail-api';
import { uploadFile } from './upload-file';

export type PendingAttachment = {
  key: string;
  kind: 'upload' | 'forwarded';
  id: string | number | null;
  filename: string;
  size: number;
  progress: number;
};

// SPEC §2: at most 14.3 MB of attachments per message, on every plan (checked again on the server).
export const MAX_ATTACHMENT_BYTES = 14_300_000;
const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(1);

type Props = {
  attachments: PendingAttachment[];
  onChange: (update: (current: PendingAttachment[]) => PendingAttachment[]) => void;
};

/** File attachments with upload progress; a selection that would pass the limit is refused before uploading. */
export function AttachmentPicker({ attachments, onChange }: Props) {
  const t = useTranslations('mail.composer');
  const tMail = useTranslations('mail');
  // B, KB or MB as in the reader (a 300-byte file is "300 B", not "0.0 MB").
  const size = (bytes: number) => {
    const shown = attachmentSize(bytes);
    return tMail(`attachmentSize.${shown.unit}`, { size: shown.size });
  };
  const total = attachments.reduce((sum, a) => sum + a.size, 0);
  const [error, setError] = useState<string | null>(null);

  const add = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setError(null);
    const chosen = [...files];
    const adding = chosen.reduce((sum, f) => sum + f.size, 0);
    if (total + adding > MAX_ATTACHMENT_BYTES) {
      setError(t('tooLarge', { limit: megabytes(MAX_ATTACHMENT_BYTES), total: megabytes(total + adding) }));
      return;
    }
    for (const file of chosen) {
      const key = crypto.randomUUID();
      onChange((current) => [
        ...current,
        { key, kind: 'upload', id: null, filename: file.name, size: file.size, progress: 0 },
      ]);
      const update = (patch: Partial<PendingAttachment>) =>
        onChange((current) => current.map((a) => (a.key === key ? { ...a, ...patch } : a)));
      uploadFile(file, (progress) => update({ progress: Math.min(progress, 0.99) }))
        .then((uploaded) => update({ id: uploaded.id, progress: 1 }))
        .catch((error: unknown) => {
          onChange((current) => current.filter((a) => a.key !== key));
          setError(errorMessage(error));
        });
    }
  };

  return (
    <div className="space-y-1 pt-1">
      <ul className="flex flex-wrap gap-2" aria-label={t('attachments')}>
        {attachments.map((a) => (
          <li key={a.key} className="flex items-center gap-2 rounded border border-line-strong px-2 py-1 text-xs">
            <span className="max-w-40 truncate">{a.filename || t('unnamed')}</span>
            <span className="text-fg-subtle">{size(a.size)}</span>
            {a.progress < 1 && (
              <progress
                max={1}
                value={a.progress}
                aria-label={t('uploading', { name: a.filename })}
                className="h-1.5 w-16"
              />
            )}
            <button
              type="button"
              aria-label={t('removeAttachment', { name: a.filename })}
              onClick={() => onChange((current) => current.filter((x) => x.key !== a.key))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <label className="inline-block cursor-pointer text-xs font-medium text-accent-fg">
        {t('attach')}
        <input
          type="file"
          multiple
          className="sr-only"
          onChange={(e) => {
            add(e.target.files);
            e.target.value = '';
          }}
        />
      </label>
      {error && (
        <p role="alert" className="text-xs text-danger-fg">
          {error}
        </p>
      )}
    </div>
  );
}
