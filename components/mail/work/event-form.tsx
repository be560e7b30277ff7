'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import type { InvitationView } from '@/lib/calendar/invitation/load-invitation';
import { parseAttendeeLines } from '@/lib/calendar/parse-attendee-lines';
import { invitationKey } from '../invitation-card';
import { apiGet } from '../mail-api';
import { useMessage } from '../use-mail-data';
import { FormButtons, inputClass, labelClass, type WorkFormProps } from './work-dialog';

const HOUR = 60 * 60 * 1000;

// datetime-local inputs speak the browser's local time without a zone.
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

type Person = { name: string | null; address: string | null };

/** One line per person, first spelling wins; the reader (the mailbox's own address) is left out. */
function attendeeLines(people: Person[], reader: string | undefined): string {
  const seen = new Set<string>(reader ? [reader.toLowerCase()] : []);
  const lines: string[] = [];
  for (const person of people) {
    const key = person.address?.toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    lines.push(person.name && person.name !== person.address ? `${person.name} <${key}>` : key);
  }
  return lines.join('\n');
}

/**
 * An event prefilled from the message: from its invitation when it carries one (title, time, attendees),
 * otherwise its subject, the next full hour, and its sender and recipients as attendees.
 */
export function EventForm({ request, submit, pending, error, onCancel }: WorkFormProps) {
  const t = useTranslations('mail.work');
  const source = request.sources[0]!;
  const message = useMessage(source.id);
  const invitation = useQuery({
    queryKey: invitationKey(source.id),
    queryFn: () => apiGet<InvitationView>(`/api/mail/messages/${source.id}/invitation`),
    enabled: message.data?.hasInvitation === true,
    retry: false,
  });
  const invited = invitation.data?.invitation;
  const ready = message.data !== undefined && (!message.data.hasInvitation || !invitation.isPending);
  const nextHour = useMemo(() => new Date(Math.ceil(Date.now() / HOUR) * HOUR), []);
  const start = invited ? new Date(invited.startsAt) : nextHour;
  const end = invited ? new Date(invited.endsAt) : new Date(nextHour.getTime() + HOUR);
  const attendees = useMemo(() => {
    const reader = message.data?.mailboxAddress;
    if (invited) return attendeeLines(invited.attendees, reader);
    const people: Person[] = message.data
      ? [message.data.from, ...message.data.to, ...message.data.cc]
      : [{ name: source.fromName, address: source.fromAddress }];
    return attendeeLines(people, reader);
  }, [message.data, invited, source]);
  return (
    <form
      key={ready ? (invited ? 'invitation' : 'loaded') : 'loading'}
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
        <input
          name="title"
          required
          maxLength={200}
          defaultValue={invited?.title || source.subject}
          className={inputClass}
        />
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
            defaultValue={localInputValue(end)}
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
        <textarea name="description" rows={2} defaultValue={invited?.description ?? ''} className={inputClass} />
      </label>
      <FormButtons pending={pending} error={error} onCancel={onCancel} label={t('createEvent')} />
    </form>
  );
}
