import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { calendarEvents } from '@/db/schema';
import { calendarUserOf, getEventForActor } from '../access/calendar-access';
import type { Actor } from '../access/actor';
import { unlinkTarget } from '../work/message-links';

/**
 * Deletes an event (its creator only). Its message link goes in the same transaction, so the message's link
 * kinds never claim an event that no longer exists (retention keeps linked mail).
 */
export async function deleteEvent(db: DbOrTx, options: { actor: Actor; eventId: string }): Promise<void> {
  const actor = calendarUserOf(options.actor);
  await db.transaction(async (tx) => {
    const event = await getEventForActor(tx, { actor, eventId: options.eventId, permission: 'edit' });
    await unlinkTarget(tx, { orgId: actor.orgId, kind: 'calendar', targetId: event.id });
    await tx.delete(calendarEvents).where(eq(calendarEvents.id, event.id));
  });
}
