import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { DeleteEventButton } from '@/components/calendar/delete-event-button';
import { LocalTime } from '@/components/ui/local-time';
import { MessageQuote } from '@/components/ui/message-quote';
import { Card } from '@/components/ui/card';
import { mondayOf } from '@/lib/calendar/week';
import { requireSession } from '@/server/session';
import { deleteEventAction } from './actions';
import { loadEventOr404 } from './load-event';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('calendar'))('event.pageTitle') };
}

export default async function EventPage({ params }: Props) {
  const session = await requireSession();
  const event = await loadEventOr404(session, (await params).id);
  const t = await getTranslations('calendar.event');
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-6 md:p-10">
      <Link
        href={`/calendar?week=${mondayOf(event.startsAt.slice(0, 10))}`}
        className="text-sm text-accent-fg hover:underline"
      >
        {t('backToWeek')}
      </Link>
      <h1 className="text-xl font-semibold text-fg">{event.title}</h1>
      <Card>
        <dl className="grid grid-cols-[8rem_1fr] gap-y-3 text-sm">
          <dt className="text-fg-subtle">{t('when')}</dt>
          <dd>
            <LocalTime value={event.startsAt} /> – <LocalTime value={event.endsAt} />
          </dd>
          <dt className="text-fg-subtle">{t('organizer')}</dt>
          <dd>{event.creator?.name ?? t('formerColleague')}</dd>
          <dt className="text-fg-subtle">{t('attendees')}</dt>
          <dd>
            {event.attendees.length === 0 ? (
              <span className="text-fg-subtle">{t('noAttendees')}</span>
            ) : (
              <ul className="space-y-0.5">
                {event.attendees.map((a) => (
                  <li key={a.address}>{a.name ? `${a.name} <${a.address}>` : a.address}</li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
        {event.description ? <p className="mt-4 whitespace-pre-wrap text-sm text-fg">{event.description}</p> : null}
      </Card>
      {event.source ? (
        <section aria-labelledby="source-heading" className="space-y-2">
          <h2 id="source-heading" className="text-sm font-semibold text-fg-muted">
            {t('source')}
          </h2>
          <MessageQuote quote={event.source.quote} href={event.source.href} />
        </section>
      ) : null}
      {event.canEdit ? (
        <div className="flex flex-wrap items-start gap-2">
          <Link
            href={`/calendar/events/${event.id}/edit`}
            className="inline-flex items-center rounded-md bg-accent px-3.5 py-2 text-sm font-medium text-on-accent hover:bg-accent-hover"
          >
            {t('edit')}
          </Link>
          <DeleteEventButton eventId={event.id} action={deleteEventAction} />
        </div>
      ) : null}
    </div>
  );
}
