import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { addDays } from '@/lib/calendar/week';

const linkClass =
  'rounded-md border border-line-strong bg-surface px-3 py-1.5 text-sm font-medium text-fg-muted hover:bg-surface-subtle';

/** The week's dates and the links to move between weeks. Day strings are formatted in UTC: no zone involved. */
export async function WeekNav({ monday }: { monday: string }) {
  const t = await getTranslations('calendar');
  const format = await getFormatter();
  const utc = (day: string) => new Date(`${day}T00:00:00Z`);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm font-medium text-fg-muted" aria-live="polite">
        {format.dateTimeRange(utc(monday), utc(addDays(monday, 6)), { dateStyle: 'medium', timeZone: 'UTC' })}
      </p>
      <nav aria-label={t('weekNavigation')} className="flex flex-wrap gap-2">
        <Link href={`/calendar?week=${addDays(monday, -7)}`} className={linkClass}>
          {t('previousWeek')}
        </Link>
        <Link href="/calendar" className={linkClass}>
          {t('today')}
        </Link>
        <Link href={`/calendar?week=${addDays(monday, 7)}`} className={linkClass}>
          {t('nextWeek')}
        </Link>
        <Link
          href="/calendar/events/new"
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-on-accent hover:bg-accent-hover"
        >
          {t('newEvent')}
        </Link>
      </nav>
    </div>
  );
}
