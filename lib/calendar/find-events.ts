import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { calendarEvents, users } from '@/db/schema';
import { calendarUserOf, eventVisibleTo } from '../access/calendar-access';
import type { Actor } from '../access/actor';
import { fieldError, instantSchema, parseInput } from '../validation';
import { toEventView, type CalendarEventView } from './event-view';

const DAY = 24 * 60 * 60 * 1000;
// A week view asks for about nine days (its week plus the time-zone margin); a bounded range keeps any
// request from reading a whole calendar in one go.
const MAX_RANGE_DAYS = 62;

// The longest range is checked in findEvents rather than here: its sentence names the number of days, and a
// schema's message can only be a catalogue key without values.
export const eventRangeSchema = z
  .object({ from: instantSchema(), to: instantSchema() })
  .refine((r) => Date.parse(r.to) > Date.parse(r.from), { path: ['to'], error: 'field.rangeEndsBeforeStart' });

/** The events the actor sees that overlap [from, to), earliest first. */
export async function findEvents(
  db: DbOrTx,
  options: { actor: Actor; from: string; to: string },
): Promise<CalendarEventView[]> {
  const actor = calendarUserOf(options.actor);
  const range = parseInput(eventRangeSchema, options);
  if (Date.parse(range.to) - Date.parse(range.from) > MAX_RANGE_DAYS * DAY)
    throw fieldError('to', { key: 'field.rangeTooLong', values: { max: MAX_RANGE_DAYS } });
  const rows = await db
    .select({ event: calendarEvents, creatorName: users.name })
    .from(calendarEvents)
    .leftJoin(users, eq(users.id, calendarEvents.creatorUserId))
    .where(
      and(
        eventVisibleTo(actor),
        lt(calendarEvents.startsAt, new Date(range.to)),
        gt(calendarEvents.endsAt, new Date(range.from)),
      ),
    )
    .orderBy(asc(calendarEvents.startsAt), asc(calendarEvents.id))
    .limit(1000);
  return rows.map((row) => toEventView(row.event, row.creatorName, actor));
}
