import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { calendarEvents, users, type CalendarEvent } from '@/db/schema';
import { AppError } from '../errors';
import type { Actor } from './actor';

export type CalendarUser = Extract<Actor, { kind: 'user' }>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Calendars belong to people: events are made and seen by a signed-in user, never by the CLI or a job. */
export function calendarUserOf(actor: Actor): CalendarUser {
  if (actor.kind !== 'user')
    throw new AppError('forbidden', { message: `Calendar operations need a user, not ${actor.kind}` });
  return actor;
}

/**
 * Events a user sees: their own, and those listing their address among the attendees. Addresses are stored
 * lower-cased, as users.email is, so the containment test needs no case folding.
 */
export function eventVisibleTo(actor: CalendarUser): SQL {
  return and(
    eq(calendarEvents.orgId, actor.orgId),
    or(
      eq(calendarEvents.creatorUserId, actor.userId),
      sql`exists (select 1 from ${users} u where u.id = ${actor.userId} and ${calendarEvents.attendees} @> jsonb_build_array(jsonb_build_object('address', u.email)))`,
    ),
  )!;
}

/**
 * An event the actor may see (`view`) or change (`edit`, its creator only). Unknown, foreign and invisible
 * events are not_found alike; an attendee who tries to change the event is told it is not theirs.
 */
export async function getEventForActor(
  db: DbOrTx,
  options: { actor: Actor; eventId: string; permission: 'view' | 'edit' },
): Promise<CalendarEvent> {
  const actor = calendarUserOf(options.actor);
  const notFound = () =>
    new AppError('not_found', {
      message: `Event ${options.eventId} not visible to ${actor.userId}`,
      problem: { key: 'calendar.eventNotFound' },
    });
  if (!uuidPattern.test(options.eventId)) throw notFound();
  const [event] = await db
    .select()
    .from(calendarEvents)
    .where(and(eq(calendarEvents.id, options.eventId), eventVisibleTo(actor)))
    .limit(1);
  if (!event) throw notFound();
  if (options.permission === 'edit' && event.creatorUserId !== actor.userId) {
    throw new AppError('forbidden', {
      message: `User ${actor.userId} is not the creator of event ${event.id}`,
      problem: { key: 'calendar.creatorOnly' },
    });
  }
  return event;
}
