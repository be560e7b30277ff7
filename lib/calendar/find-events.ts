import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { calendarEvents, users } from '@/db/schema';
import { calendarUserOf, eventVisibleTo } from '../access/calendar-access';
import type { Actor } from '../access/actor';
import { instantSchema, parseInput } from '../validation';
import { toEventView, type CalendarEventView } from './event-view';

const DAY = 24 * 60 * 60 * 1000;
// A week view asks for about nine days (its week plus the time-zone margin); a bounded range keeps any
// request from reading a whole calendar in one go.
const MAX_RANGE_DAYS = 62;

export const eventRangeSchema = z
  .object({ from: instantSchema(), to: instantSchema() })
  .refine((r) => Date.parse(r.to) > Date.parse(r.from), { path: ['to'], error: 'The range must end after it starts.' })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= MAX_RANGE_DAYS * DAY, {
    path: ['to'],
    error: `Ask for at most ${MAX_RANGE_DAYS} days at once.`,
  });

/** The events the actor sees that overlap [from, to), earliest first. */
export async function findEvents(
  db: DbOrTx,
  options: { actor: Actor; from: string; to: string },
): Promise<CalendarEventView[]> {
  const actor = calendarUserOf(options.actor);
  const range = parseInput(eventRangeSchema, options);
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
