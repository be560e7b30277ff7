import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { WeekNav } from '@/components/calendar/week-nav';
import { WeekView } from '@/components/calendar/week-view';
import { getDb } from '@/db/client';
import { findEvents } from '@/lib/calendar/find-events';
import { addDays, isDayString, mondayOf } from '@/lib/calendar/week';
import { actorOf, requireSession } from '@/server/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('calendar'))('title') };
}

type Props = { searchParams: Promise<{ week?: string | string[] }> };

export default async function CalendarPage({ searchParams }: Props) {
  const session = await requireSession();
  const { week } = await searchParams;
  const requested = typeof week === 'string' && isDayString(week) ? week : null;
  const monday = mondayOf(requested ?? new Date().toISOString().slice(0, 10));
  // A day before and after the week: the browser places events in its own zone (UTC-12 to UTC+14).
  const events = await findEvents(getDb(), {
    actor: actorOf(session),
    from: `${addDays(monday, -1)}T00:00:00Z`,
    to: `${addDays(monday, 8)}T00:00:00Z`,
  });
  const t = await getTranslations('calendar');
  return (
    <div className="mx-auto max-w-6xl space-y-4 p-4 md:p-8">
      <h1 className="text-xl font-semibold text-fg">{t('title')}</h1>
      <WeekNav monday={monday} />
      <WeekView monday={monday} events={events} followToday={requested === null} />
    </div>
  );
}
