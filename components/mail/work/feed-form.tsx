'use client';

import { useTranslations } from 'next-intl';
import { FormButtons, inputClass, labelClass, type WorkFormProps } from './work-dialog';

/** A post for the whole organization quoting the message. */
export function FeedForm({ request, submit, pending, error, onCancel }: WorkFormProps) {
  const t = useTranslations('mail.work');
  const source = request.sources[0]!;
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        submit(
          '/api/feed',
          { body: String(form.get('body') ?? ''), quotedMessageId: source.id },
          { notice: t('posted') },
        );
      }}
    >
      <label className={labelClass}>
        <span>{t('post')}</span>
        <textarea name="body" required rows={4} maxLength={4000} className={inputClass} />
      </label>
      <blockquote className="border-l-4 border-line-strong pl-3 text-sm text-fg-muted">
        <p className="font-medium">{source.subject || t('noSubject')}</p>
        <p className="text-xs">{source.fromName || source.fromAddress}</p>
      </blockquote>
      <FormButtons pending={pending} error={error} onCancel={onCancel} label={t('publish')} />
    </form>
  );
}
