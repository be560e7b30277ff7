import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users, type QuotedMessage } from '@/db/schema';
import { calendarUserOf, getEventForActor } from '../access/calendar-access';
import type { Actor } from '../access/actor';
import { isAppError } from '../errors';
import { openMessageHref } from '../chat/openable-messages';
import { loadMessageSource } from '../work/message-source';
import { toEventView, type CalendarEventView } from './event-view';

export type CalendarEventDetail = CalendarEventView & {
  // The message the event was made from, when it still exists and this viewer may read it.
  source: { quote: QuotedMessage; href: string } | null;
};

/** One event for its page: visible to its creator and its attendees, with its source message if readable. */
export async function getEvent(db: DbOrTx, options: { actor: Actor; eventId: string }): Promise<CalendarEventDetail> {
  const actor = calendarUserOf(options.actor);
  const event = await getEventForActor(db, { actor, eventId: options.eventId, permission: 'view' });
  const [creator] = event.creatorUserId ? await db.select({ name: users.name }).from(users).where(eq(users.id, event.creatorUserId)).limit(1) : [];
  return { ...toEventView(event, creator?.name ?? null, actor), source: event.sourceMessageId ? await readableSource(db, actor, event.sourceMessageId) : null };
}

// An attendee may not have access to the mailbox the message is in: the event still shows, without it.
async function readableSource(db: DbOrTx, actor: Actor, messageId: number): Promise<CalendarEventDetail['source']> {
  try {
    const source = await loadMessageSource(db, { actor, messageId });
    return { quote: source.quote, href: openMessageHref(source.message) };
  } catch (error) {
    if (isAppError(error) && (error.code === 'not_found' || error.code === 'forbidden')) return null;
    throw error;
  }
}
