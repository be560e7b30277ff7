import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { EventForm } from '@/components/calendar/event-form';
import { Card } from '@/components/ui/card';
import { formatAttendeeLines } from '@/lib/calendar/parse-attendee-lines';
import { requireSession } from '@/server/session';
import { loadEventOr404 } from '../load-event';
import { updateEventAction } from './actions';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('calendar'))('event.editTitle') };
}

export default async function EditEventPage({ params }: Props) {
  const session = await requireSession();
  const event = await loadEventOr404(session, (await params).id);
  // Only the creator edits; attendees following a stale link get the page an unknown event would give.
  if (!event.canEdit) notFound();
  const t = await getTranslations('calendar');
  return (
    <div className="mx-auto max-w-2xl space-y-6 p-6 md:p-10">
      <h1 className="text-xl font-semibold text-fg">{t('event.editTitle')}</h1>
      <Card>
        <EventForm
          action={updateEventAction}
          eventId={event.id}
          defaults={{
            title: event.title,
            startsAt: event.startsAt,
            endsAt: event.endsAt,
            attendees: formatAttendeeLines(event.attendees),
            description: event.description,
          }}
          submitLabel={t('form.save')}
          cancelHref={`/calendar/events/${event.id}`}
        />
      </Card>
    </div>
  );
}
