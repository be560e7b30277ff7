import { and, eq, lt, lte } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { calendarEvents } from '@/db/schema';
import { calendarUserOf } from '../../access/calendar-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { linkMessage, lockMessageForLink } from '../../work/message-links';
import { createEvent } from '../create-event';
import { loadInvitation, toInvitationView, type Answer, type InvitationView } from './load-invitation';
import type { Invitation } from './parse-invitation';

// What the calendar keeps of an invitation; the reader is among the attendees only when the invitation lists them.
function eventFields(invitation: Invitation) {
  return {
    title: invitation.title || '(untitled)',
    startsAt: invitation.startsAt,
    endsAt: invitation.endsAt,
    attendees: invitation.attendees.map(({ name, address }) => ({ name, address })),
    description: invitation.description,
  };
}

/**
 * Puts a message's invitation into the reader's calendar (the card's "Add to calendar" and "Update" buttons):
 * a REQUEST not yet there becomes an event linked to the message; a newer REQUEST (higher SEQUENCE) changes
 * the event; a CANCEL marks it cancelled. Updates are conditional on the stored SEQUENCE in the same
 * statement, so an older copy opened late never overwrites a newer one. `answer` records a reply just sent.
 */
export async function applyInvitation(
  db: Db,
  options: { actor: Actor; messageId: number; answer?: Answer },
): Promise<InvitationView> {
  const actor = calendarUserOf(options.actor);
  const loaded = await loadInvitation(db, options);
  const { invitation, eventRow } = loaded;
  const answer = options.answer ?? null;

  if (!eventRow) {
    if (invitation.method === 'CANCEL' || answer === 'DECLINED') return toInvitationView(loaded);
    await createEvent(db, {
      actor,
      input: { ...eventFields(invitation), sourceMessageId: loaded.messageId },
      invitation: {
        location: invitation.location,
        icalUid: invitation.uid,
        icalSequence: invitation.sequence,
        organizer: invitation.organizer,
        responseStatus: answer,
      },
    });
  } else {
    await db.transaction(async (tx) => {
      const newer = and(eq(calendarEvents.id, eventRow.id), lt(calendarEvents.icalSequence, invitation.sequence));
      const sameOrNewer = and(
        eq(calendarEvents.id, eventRow.id),
        lte(calendarEvents.icalSequence, invitation.sequence),
      );
      const changed =
        invitation.method === 'CANCEL'
          ? await tx
              .update(calendarEvents)
              .set({ cancelledAt: new Date(), icalSequence: invitation.sequence })
              .where(sameOrNewer)
              .returning({ id: calendarEvents.id })
          : await tx
              .update(calendarEvents)
              .set({
                ...eventFields(invitation),
                startsAt: new Date(invitation.startsAt),
                endsAt: new Date(invitation.endsAt),
                location: invitation.location,
                organizer: invitation.organizer,
                icalSequence: invitation.sequence,
                cancelledAt: null,
              })
              .where(newer)
              .returning({ id: calendarEvents.id });
      if (answer) await tx.update(calendarEvents).set({ responseStatus: answer }).where(sameOrNewer);
      // The update or cancellation message is linked to the event too, as the invitation was.
      if (changed.length > 0 && (await lockMessageForLink(tx, loaded.messageId)))
        await linkMessage(tx, {
          orgId: actor.orgId,
          messageId: loaded.messageId,
          kind: 'calendar',
          targetId: eventRow.id,
          userId: actor.userId,
        });
    });
  }
  const after = await loadInvitation(db, options);
  if (!after.event && invitation.method !== 'CANCEL' && answer !== 'DECLINED')
    throw new AppError('internal', { message: `Invitation ${invitation.uid} was not added` });
  return toInvitationView(after);
}
