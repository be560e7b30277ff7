import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { calendarEvents } from '@/db/schema';
import { calendarUserOf } from '../access/calendar-access';
import type { Actor } from '../access/actor';
import type { AddressJson } from '@/db/schema';
import { AppError } from '../errors';
import { parseInput } from '../validation';
import { linkMessage, lockMessageForLink } from '../work/message-links';
import { loadMessageSource } from '../work/message-source';
import { createEventSchema, type CreateEventInput } from './event-schema';
import { findInvitationEvent } from './invitation/load-invitation';

/** What an event made from an iCalendar invitation also keeps: never taken from API input. */
export type InvitationFields = {
  location: string;
  icalUid: string;
  icalSequence: number;
  organizer: AddressJson | null;
  responseStatus?: string | null;
};

/**
 * A new event in the actor's calendar. Made from a message, it must be one the actor may read, and the event,
 * the link and the message's link kinds are written in one transaction with the message row locked, so a
 * purge running at the same moment either keeps the message (it sees the link) or the creation fails whole.
 */
export async function createEvent(
  db: DbOrTx,
  options: { actor: Actor; input: CreateEventInput; invitation?: InvitationFields },
): Promise<{ id: string }> {
  const actor = calendarUserOf(options.actor);
  const input = parseInput(createEventSchema, options.input);
  const source =
    input.sourceMessageId === undefined
      ? null
      : await loadMessageSource(db, { actor, messageId: input.sourceMessageId });

  return db.transaction(async (tx) => {
    const messageId = input.sourceMessageId;
    if (messageId !== undefined && !(await lockMessageForLink(tx, messageId))) {
      throw new AppError('not_found', {
        problem: { key: 'mail.messageGone' },
      });
    }
    // An invitation is in each person's calendar once: a double click on "Add to calendar" (or Accept while
    // it is being added) waits here for the first, then finds its event instead of making a second.
    const uid = options.invitation?.icalUid;
    if (uid) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`invitation:${actor.userId}:${uid}`}, 0))`);
      const existing = await findInvitationEvent(tx, actor, uid);
      if (existing) return { id: existing.id };
    }
    const [event] = await tx
      .insert(calendarEvents)
      .values({
        orgId: actor.orgId,
        title: input.title,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        attendees: input.attendees ?? [],
        description: input.description ?? '',
        sourceMessageId: messageId ?? null,
        quote: source?.quote ?? null,
        creatorUserId: actor.userId,
        ...options.invitation,
      })
      .returning({ id: calendarEvents.id });
    if (messageId !== undefined)
      await linkMessage(tx, {
        orgId: actor.orgId,
        messageId,
        kind: 'calendar',
        targetId: event!.id,
        userId: actor.userId,
      });
    return { id: event!.id };
  });
}
