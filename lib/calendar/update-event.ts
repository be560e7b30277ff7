import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { calendarEvents, users } from '@/db/schema';
import { calendarUserOf, getEventForActor } from '../access/calendar-access';
import type { Actor } from '../access/actor';
import { fieldError, parseInput } from '../validation';
import { updateEventSchema, type UpdateEventInput } from './event-schema';
import { toEventView, type CalendarEventView } from './event-view';

/** Changes an event (its creator only); fields left out keep their value. The source message cannot change. */
export async function updateEvent(
  db: DbOrTx,
  options: { actor: Actor; eventId: string; input: UpdateEventInput },
): Promise<CalendarEventView> {
  const actor = calendarUserOf(options.actor);
  const input = parseInput(updateEventSchema, options.input);
  return db.transaction(async (tx) => {
    const event = await getEventForActor(tx, { actor, eventId: options.eventId, permission: 'edit' });
    const startsAt = input.startsAt ? new Date(input.startsAt) : event.startsAt;
    const endsAt = input.endsAt ? new Date(input.endsAt) : event.endsAt;
    // Checked against the stored values too: moving only the start past the old end is refused.
    if (endsAt <= startsAt) throw fieldError('endsAt', { key: 'field.eventEndsBeforeStart' });
    const [updated] = await tx
      .update(calendarEvents)
      .set({ title: input.title, startsAt, endsAt, attendees: input.attendees, description: input.description })
      .where(eq(calendarEvents.id, event.id))
      .returning();
    const [creator] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId)).limit(1);
    return toEventView(updated!, creator?.name ?? null, actor);
  });
}
