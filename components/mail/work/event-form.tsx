'use client';

import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { parseAttendeeLines } from '@/lib/calendar/parse-attendee-lines';
import { useMessage } from '../use-mail-data';
import { FormButtons, inputClass, labelClass, type WorkFormProps } from './work-dialog';

const HOUR = 60 * 60 * 1000;

// datetime-local inputs speak the browser's local time without a zone.
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An event prefilled from the message: its subject as the title, its sender and recipients as attendees. */
export function EventForm({ request, submit, pending, error, onCancel }: WorkFormProps) {
  const t = useTranslations('mail.work');
  const source = request.sources[0]!;
  const message = useMessage(source.id);
  const start = useMemo(() => new Date(Math.ceil(Date.now() / HOUR) * HOUR), []);
  const attendees = useMemo(() => {
    const people = message.data
      ? [message.data.from, ...message.data.to, ...message.data.cc]
      : [{ name: source.fromName, address: source.fromAddress }];
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const person of people) {
      const key = person.address?.toLowerCase();
      if (!key || seen.has(key)) continue;
      seen.add(key);
      lines.push(person.name ? `${person.name} <${person.address}>` : key);
    }
    return lines.join('\n');
  }, [message.data, source]);
  return (
    <form
      key={message.data ? 'loaded' : 'loading'}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const list = parseAttendeeLines(String(form.get('attendees') ?? ''));
        submit(
          '/api/calendar/events',
          {
            title: String(form.get('title') ?? ''),
            startsAt: new Date(String(form.get('startsAt'))).toISOString(),
            endsAt: new Date(String(form.get('endsAt'))).toISOString(),
            attendees: list,
            description: String(form.get('description') ?? ''),
            sourceMessageId: source.id,
          },
          { notice: t('eventCreated') },
        );
      }}
    >
      <label className={labelClass}>
        <span>{t('eventTitle')}</span>
        <input name="title" required maxLength={200} defaultValue={source.subject} className={inputClass} />
      </label>
      <div className="grid grid-cols-2 gap-2">
        <label className={labelClass}>
          <span>{t('startsAt')}</span>
          <input
            name="startsAt"
            type="datetime-local"
            required
            defaultValue={localInputValue(start)}
            className={inputClass}
          />
        </label>
        <label className={labelClass}>
          <span>{t('endsAt')}</span>
          <input
            name="endsAt"
            type="datetime-local"
            required
            defaultValue={localInputValue(new Date(start.getTime() + HOUR))}
            className={inputClass}
          />
        </label>
      </div>
      <label className={labelClass}>
        <span>{t('attendees')}</span>
        <textarea name="attendees" rows={3} defaultValue={attendees} className={inputClass} />
      </label>
      <label className={labelClass}>
        <span>{t('description')}</span>
        <textarea name="description" rows={2} className={inputClass} />
      </label>
      <FormButtons pending={pending} error={error} onCancel={onCancel} label={t('createEvent')} />
    </form>
  );
}
