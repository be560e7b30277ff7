'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CalendarDays } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import type { InvitationView } from '@/lib/calendar/invitation/load-invitation';
import { apiGet, apiPost, errorMessage } from './mail-api';
import { useNotices } from './notices';
import { mailKeys } from './use-mail-data';

type Answer = 'ACCEPTED' | 'TENTATIVE' | 'DECLINED';
const ANSWERS: Answer[] = ['ACCEPTED', 'TENTATIVE', 'DECLINED'];

export const invitationKey = (messageId: number) => ['mail', 'invitation', messageId] as const;

const buttonClass =
  'rounded border border-line-strong bg-surface px-2 py-1 text-xs font-medium text-fg hover:bg-surface-subtle disabled:opacity-50';
const primaryClass =
  'rounded bg-accent px-2 py-1 text-xs font-semibold text-on-accent hover:bg-accent-hover disabled:opacity-50';

/**
 * An invitation (text/calendar REQUEST or CANCEL) as a card: what, when in the reader's zone, where, who, and
 * where it stands in the reader's calendar. The calendar changes only on a click ("Add", "Update", "Mark
 * cancelled"), never by opening the message; answering sends an iMIP REPLY from the mailbox.
 */
export function InvitationCard({ messageId }: { messageId: number }) {
  const t = useTranslations('mail.invitation');
  const format = useFormatter();
  const client = useQueryClient();
  const notices = useNotices();
  const query = useQuery({
    queryKey: invitationKey(messageId),
    queryFn: () => apiGet<InvitationView>(`/api/mail/messages/${messageId}/invitation`),
    retry: false,
  });
  const settle = (view: InvitationView) => {
    client.setQueryData(invitationKey(messageId), view);
    // The message is now linked to the event: the pane's link list shows it.
    void client.invalidateQueries({ queryKey: mailKeys.message(messageId) });
  };
  const apply = useMutation({
    mutationFn: () => apiPost<InvitationView>(`/api/mail/messages/${messageId}/invitation`),
    onSuccess: (view) => {
      settle(view);
      notices.show(view.state === 'added' ? t('added') : t('updated'));
    },
    onError: (error) => notices.show(errorMessage(error), { tone: 'error' }),
  });
  const reply = useMutation({
    mutationFn: (answer: Answer) =>
      apiPost<InvitationView>(`/api/mail/messages/${messageId}/invitation/reply`, { answer }),
    onSuccess: (view) => {
      settle(view);
      const organizer = view.invitation.organizer;
      notices.show(t('replySent', { organizer: organizer?.name || organizer?.address || '' }));
    },
    onError: (error) => notices.show(errorMessage(error), { tone: 'error' }),
  });

  if (query.isPending)
    return (
      <p role="status" className="text-xs text-fg-subtle">
        {t('loading')}
      </p>
    );
  if (query.isError || !query.data)
    return (
      <p role="status" className="text-xs text-fg-subtle">
        {t('unreadable')}
      </p>
    );

  const { invitation, state, event, reader, canRespond } = query.data;
  const busy = apply.isPending || reply.isPending;
  const start = new Date(invitation.startsAt);
  const end = new Date(invitation.endsAt);
  const when = invitation.allDay
    ? `${format.dateTimeRange(start, new Date(end.getTime() - 1), { dateStyle: 'full' })} (${t('allDay')})`
    : format.dateTimeRange(start, end, { dateStyle: 'full', timeStyle: 'short' });
  const answered = event?.responseStatus as Answer | null | undefined;
  const cancelled = state === 'cancel' || state === 'cancelled';

  return (
    <section
      aria-label={t('label')}
      data-testid="invitation-card"
      className="space-y-2 rounded-lg border border-accent-muted bg-accent-subtle p-3 text-sm text-fg"
    >
      <div className="flex items-start gap-2">
        <CalendarDays aria-hidden className="mt-0.5 size-4 shrink-0 text-accent-fg" />
        <div className="min-w-0 flex-1">
          <h2 className={`font-semibold ${cancelled ? 'line-through' : ''}`}>{invitation.title}</h2>
          <p className="text-xs text-fg-muted" data-testid="invitation-state">
            {t(`state.${state}`)}
          </p>
        </div>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-fg-subtle">{t('when')}</dt>
        <dd>
          <time dateTime={invitation.startsAt}>{when}</time>
          {invitation.floating && <span className="block text-fg-subtle">{t('floating')}</span>}
          {invitation.recurring && <span className="block text-fg-subtle">{t('recurring')}</span>}
        </dd>
        {invitation.location && (
          <>
            <dt className="text-fg-subtle">{t('where')}</dt>
            <dd className="break-words">{invitation.location}</dd>
          </>
        )}
        {invitation.organizer && (
          <>
            <dt className="text-fg-subtle">{t('organizer')}</dt>
            <dd className="break-all">{invitation.organizer.name || invitation.organizer.address}</dd>
          </>
        )}
        {invitation.attendees.length > 0 && (
          <>
            <dt className="text-fg-subtle">{t('attendees')}</dt>
            <dd>
              <ul className="space-y-0.5">
                {invitation.attendees.map((person) => (
                  <li key={person.address} className="break-all">
                    {person.name && person.name !== person.address ? person.name : person.address}
                    {person.address === reader.address && ` (${t('you')})`}
                    <span className="text-fg-subtle"> · {t(`partstat.${person.partstat}`)}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <div className="flex flex-wrap items-center gap-2">
        {state === 'new' && (
          <button type="button" className={primaryClass} disabled={busy} onClick={() => apply.mutate()}>
            {t('add')}
          </button>
        )}
        {state === 'update' && (
          <button type="button" className={primaryClass} disabled={busy} onClick={() => apply.mutate()}>
            {t('applyUpdate')}
          </button>
        )}
        {state === 'cancel' && (
          <button type="button" className={primaryClass} disabled={busy} onClick={() => apply.mutate()}>
            {t('applyCancel')}
          </button>
        )}
        {event && (
          <a href={event.href} className="text-xs font-semibold text-accent-fg underline">
            {t('openEvent')}
          </a>
        )}
        {canRespond && !cancelled && state !== 'outdated' && (
          <div role="group" aria-label={t('label')} className="flex gap-1">
            {ANSWERS.map((answer) => (
              <button
                key={answer}
                type="button"
                className={buttonClass}
                aria-pressed={answered === answer}
                disabled={busy}
                onClick={() => reply.mutate(answer)}
              >
                {t(`answer.${answer}`)}
              </button>
            ))}
          </div>
        )}
        {answered && ANSWERS.includes(answered) && (
          <span className="text-xs text-fg-muted">{t(`answered.${answered}`)}</span>
        )}
      </div>
      {!canRespond && invitation.method === 'REQUEST' && !cancelled && (
        <p className="text-xs text-fg-subtle">{t('readOnly')}</p>
      )}
    </section>
  );
}
