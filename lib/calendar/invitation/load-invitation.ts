import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, calendarEvents, users, type CalendarEvent } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import { calendarUserOf, type CalendarUser } from '../../access/calendar-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { openAttachment } from '../../mail/attachments/open-attachment';
import { loadReadableMessage } from '../../mail/webmail/load-readable-message';
import { invitationParts } from './invitation-part';
import { parseInvitation, type Invitation, type Participation } from './parse-invitation';

/**
 * - new: not in the reader's calendar yet; added: it is, as this copy says; update: this copy is newer
 *   (a higher SEQUENCE) than the event; outdated: the calendar already has a newer one; cancel: a CANCEL
 *   the calendar has not applied yet; cancelled: the event is cancelled (or never was added).
 */
export type InvitationState = 'new' | 'added' | 'update' | 'outdated' | 'cancel' | 'cancelled';

export type InvitationView = {
  invitation: Invitation;
  state: InvitationState;
  /** The mailbox's own address, and whether the invitation lists it. */
  reader: { address: string; listed: boolean };
  event: { id: string; href: string; responseStatus: string | null } | null;
  /** Answering sends mail from the mailbox: only with the send right (a read-only grant cannot). */
  canRespond: boolean;
};

export type LoadedInvitation = InvitationView & {
  mailboxId: string;
  messageId: number;
  eventRow: CalendarEvent | null;
};

const noInvitation = () => new AppError('not_found', { problem: { key: 'calendar.noInvitation' } });

/** The invitation a message carries, read from its calendar part on the mail server, and where it stands. */
export async function loadInvitation(db: Db, options: { actor: Actor; messageId: number }): Promise<LoadedInvitation> {
  const actor = calendarUserOf(options.actor);
  const { message, mailbox } = await loadReadableMessage(db, options);
  const parts = await db
    .select()
    .from(attachments)
    .where(eq(attachments.messageId, message.id))
    .orderBy(asc(attachments.position));
  const { source } = invitationParts(parts);
  if (!source) throw noInvitation();
  const { content } = await openAttachment(db, { actor, attachmentId: source.id });
  const [reader] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, actor.userId));
  const invitation = parseInvitation(content.toString('utf8'), { floatingZone: reader?.timeZone ?? 'UTC' });
  if (!invitation) throw noInvitation();

  const eventRow = await findInvitationEvent(db, actor, invitation.uid);
  const canRespond = await getMailboxForActor(db, { mailboxId: mailbox.id, actor, permission: 'send' }).then(
    () => true,
    () => false,
  );
  const address = mailbox.email.toLowerCase();
  return {
    invitation,
    state: stateOf(invitation, eventRow),
    reader: { address, listed: invitation.attendees.some((a) => a.address === address) },
    event: eventRow
      ? { id: eventRow.id, href: `/calendar/events/${eventRow.id}`, responseStatus: eventRow.responseStatus }
      : null,
    canRespond: canRespond && invitation.method === 'REQUEST' && invitation.organizer !== null,
    mailboxId: mailbox.id,
    messageId: message.id,
    eventRow,
  };
}

/** The reader's own event for this UID (each person's calendar keeps its own copy). */
export async function findInvitationEvent(
  db: Pick<Db, 'select'>,
  actor: CalendarUser,
  uid: string,
): Promise<CalendarEvent | null> {
  const [row] = await db
    .select()
    .from(calendarEvents)
    .where(
      and(
        eq(calendarEvents.orgId, actor.orgId),
        eq(calendarEvents.icalUid, uid),
        eq(calendarEvents.creatorUserId, actor.userId),
      ),
    )
    .orderBy(desc(calendarEvents.icalSequence), desc(calendarEvents.createdAt))
    .limit(1);
  return row ?? null;
}

function stateOf(invitation: Invitation, event: CalendarEvent | null): InvitationState {
  if (invitation.method === 'CANCEL') {
    if (!event || event.cancelledAt) return 'cancelled';
    return event.icalSequence > invitation.sequence ? 'outdated' : 'cancel';
  }
  if (!event) return 'new';
  if (event.icalSequence > invitation.sequence) return 'outdated';
  if (event.icalSequence < invitation.sequence) return 'update';
  return event.cancelledAt ? 'cancelled' : 'added';
}

/** The answers a reader can send (RFC 5546 §3.2.3 PARTSTAT values for a VEVENT REPLY). */
export const ANSWERS = ['ACCEPTED', 'TENTATIVE', 'DECLINED'] as const satisfies readonly Participation[];
export type Answer = (typeof ANSWERS)[number];

/** The view without the server-side fields, for the route. */
export function toInvitationView({
  mailboxId: _m,
  messageId: _i,
  eventRow: _e,
  ...view
}: LoadedInvitation): InvitationView {
  return view;
}
