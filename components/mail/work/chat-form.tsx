'use client';

import { useTranslations } from 'next-intl';
import { ColleagueOptions } from '@/components/people/colleague-options';
import { useColleagues } from '@/components/people/use-colleagues';
import { FormButtons, inputClass, labelClass, type WorkFormProps } from './work-dialog';

/** A chat about the message with the colleagues chosen here (the author is always in it). */
export function ChatForm({ request, submit, pending, error, onCancel }: WorkFormProps) {
  const t = useTranslations('mail.work');
  const colleagues = useColleagues();
  const source = request.sources[0]!;
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const firstMessage = String(form.get('firstMessage') ?? '').trim();
        submit(
          '/api/chat',
          {
            messageId: source.id,
            memberUserIds: form.getAll('members').map(String),
            ...(firstMessage ? { firstMessage } : {}),
          },
          { notice: t('chatStarted') },
        );
      }}
    >
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-fg-muted">{t('members')}</legend>
        <div className="max-h-48 space-y-1 overflow-y-auto">
          <ColleagueOptions colleagues={colleagues.data ?? []} name="members" />
        </div>
      </fieldset>
      <label className={labelClass}>
        <span>{t('firstMessage')}</span>
        <textarea name="firstMessage" rows={3} maxLength={4000} className={inputClass} />
      </label>
      <FormButtons pending={pending} error={error} onCancel={onCancel} label={t('startChat')} />
    </form>
  );
}
