import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users, type QuotedMessage } from '@/db/schema';
import { calendarUserOf, getEventForActor } from '../access/calendar-access';
import type { Actor } from '../access/actor';
import { openableMessageHrefs } from '../work/openable-messages';
import { toEventView, type CalendarEventView } from './event-view';

export type CalendarEventDetail = CalendarEventView & {
  // What the message said when the event was made (kept after a purge), and where it opens in the webmail
  // when it still exists and this viewer may read its mailbox.
  source: { quote: QuotedMessage; href: string | null } | null;
};

/** One event for its page: visible to its creator and its attendees, with the message it was made from. */
export async function getEvent(db: DbOrTx, options: { actor: Actor; eventId: string }): Promise<CalendarEventDetail> {
  const actor = calendarUserOf(options.actor);
  const event = await getEventForActor(db, { actor, eventId: options.eventId, permission: 'view' });
  const [[creator], hrefs] = await Promise.all([
    event.creatorUserId
      ? db.select({ name: users.name }).from(users).where(eq(users.id, event.creatorUserId)).limit(1)
      : Promise.resolve([]),
    openableMessageHrefs(db, { actor, messageIds: [event.sourceMessageId] }),
  ]);
  const source = event.quote
    ? { quote: event.quote, href: event.sourceMessageId ? (hrefs.get(event.sourceMessageId) ?? null) : null }
    : null;
  return { ...toEventView(event, creator?.name ?? null, actor), source };
}
