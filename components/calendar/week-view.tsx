'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import type { CalendarEventView } from '@/lib/calendar/event-view';
import { addDays, localDay, localMidnight, mondayOf, weekDays } from '@/lib/calendar/week';
import { layoutDay, type PlacedEvent } from '@/lib/calendar/week-layout';
import { LocalTime } from '@/components/ui/local-time';
import { useHydrated } from '@/components/ui/use-hydrated';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const HOUR_REM = 3;
const gridColumns = 'grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))]';
// Most days start in the morning: the grid opens scrolled to 7:00.
const FIRST_VISIBLE_HOUR = 7;

/**
 * The week as seven day columns with events placed by time in the browser's time zone. The grid and its
 * headings are the same on the server and in the browser (days are zone-free strings); the events are placed
 * only after hydration, since where an instant falls depends on the reader's zone.
 */
export function WeekView({
  monday,
  events,
  followToday,
}: {
  monday: string;
  events: CalendarEventView[];
  followToday: boolean;
}) {
  const t = useTranslations('calendar');
  const format = useFormatter();
  const router = useRouter();
  const hydrated = useHydrated();
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const days = weekDays(monday);
  const today = hydrated ? localDay(new Date()) : null;

  // Without ?week= the server picked the week of its own date; near midnight the reader's may differ.
  useEffect(() => {
    const localMonday = mondayOf(localDay(new Date()));
    if (followToday && localMonday !== monday) router.replace(`/calendar?week=${localMonday}`);
  }, [followToday, monday, router]);

  // The sticky headings cover the grid's first pixels as much as they offset it, so this lands on the hour
  // (less a few pixels, to show its label).
  useEffect(() => {
    if (scroller.current && grid.current)
      scroller.current.scrollTop = (grid.current.offsetHeight * FIRST_VISIBLE_HOUR) / 24 - 8;
  }, []);

  const placedByDay = hydrated
    ? new Map(days.map((day) => [day, layoutDay(events, localMidnight(day), localMidnight(addDays(day, 1)))]))
    : null;
  const isEmpty = placedByDay !== null && [...placedByDay.values()].every((placed) => placed.length === 0);

  return (
    <div data-testid="week-view" className="overflow-hidden rounded-lg border border-line bg-surface shadow-sm">
      {/* The day headings scroll with the grid (sticky), so both share one width whatever the scrollbar takes. */}
      <div ref={scroller} className="max-h-[40rem] overflow-y-auto">
        <div className={`${gridColumns} sticky top-0 z-sticky border-b border-line bg-surface`}>
          <div aria-hidden="true" />
          {days.map((day) => (
            <div key={day} className="border-l border-line px-2 py-2 text-center">
              <h2
                id={`day-${day}`}
                aria-current={day === today ? 'date' : undefined}
                className={`text-sm font-medium ${day === today ? 'text-accent-fg' : 'text-fg-muted'}`}
              >
                {format.dateTime(new Date(`${day}T00:00:00Z`), {
                  weekday: 'short',
                  day: 'numeric',
                  month: 'short',
                  timeZone: 'UTC',
                })}
              </h2>
              <Link
                href={`/calendar/events/new?day=${day}`}
                className="text-xs text-fg-subtle hover:text-accent-fg hover:underline"
                aria-label={t('newEventOn', {
                  day: format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: 'full', timeZone: 'UTC' }),
                })}
              >
                {t('add')}
              </Link>
            </div>
          ))}
        </div>
        <div ref={grid} className={`${gridColumns} relative`} style={{ height: `${24 * HOUR_REM}rem` }}>
          <div aria-hidden="true" className="relative">
            {HOURS.map((hour) => (
              <span
                key={hour}
                className="absolute right-2 -translate-y-1/2 text-[11px] text-fg-subtle"
                style={{ top: `${hour * HOUR_REM}rem` }}
              >
                {hour === 0
                  ? ''
                  : format.dateTime(new Date(Date.UTC(2000, 0, 1, hour)), {
                      hour: 'numeric',
                      minute: '2-digit',
                      timeZone: 'UTC',
                    })}
              </span>
            ))}
          </div>
          {days.map((day) => (
            <section
              key={day}
              aria-labelledby={`day-${day}`}
              className={`relative border-l border-line ${day === today ? 'bg-accent-subtle/40' : ''}`}
              style={{
                backgroundImage: 'linear-gradient(to bottom, var(--line-subtle) 1px, transparent 1px)',
                backgroundSize: `100% ${HOUR_REM}rem`,
              }}
            >
              <DayEvents placed={placedByDay?.get(day) ?? []} />
            </section>
          ))}
        </div>
      </div>
      {isEmpty ? <p className="border-t border-line px-4 py-3 text-sm text-fg-subtle">{t('emptyWeek')}</p> : null}
    </div>
  );
}

function DayEvents({ placed }: { placed: Array<PlacedEvent<CalendarEventView>> }) {
  if (placed.length === 0) return null;
  return (
    <ol className="absolute inset-0">
      {placed.map(({ event, top, height, lane, lanes, continuesBefore }) => (
        <li
          key={event.id}
          className="absolute px-0.5"
          style={{ top: `${top}%`, height: `${height}%`, left: `${(lane / lanes) * 100}%`, width: `${100 / lanes}%` }}
        >
          <Link
            href={`/calendar/events/${event.id}`}
            data-testid="week-event"
            className="block h-full overflow-hidden rounded border-l-4 border-accent-line bg-accent-subtle px-1.5 py-0.5 text-xs text-fg hover:bg-accent-muted focus-visible:outline-2 focus-visible:outline-focus"
          >
            <span className="block truncate font-medium">{event.title}</span>
            {continuesBefore ? null : (
              <LocalTime value={event.startsAt} format="time" className="block text-fg-muted" />
            )}
          </Link>
        </li>
      ))}
    </ol>
  );
}
