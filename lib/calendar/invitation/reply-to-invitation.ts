import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { messages } from '@/db/schema';
import { calendarUserOf } from '../../access/calendar-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { sendImipReply } from '../../mail/send/send-imip-reply';
import { applyInvitation } from './apply-invitation';
import { translatorFor } from '../../i18n/catalogue';
import { defaultLocale, type Locale } from '../../i18n/locales';
import { loadInvitation, type Answer, type InvitationView } from './load-invitation';
import type { Invitation } from './parse-invitation';

/** The VCALENDAR of an iTIP REPLY (RFC 5546 §3.2.3): the reader's ATTENDEE with its PARTSTAT, same UID/SEQUENCE. */
export function buildReplyCalendar(
  invitation: Invitation,
  attendee: { name: string; address: string },
  answer: Answer,
  now: Date,
): string {
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.addPropertyWithValue('prodid', '-//Mailroom//Invitations//EN');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('method', 'REPLY');
  const event = new ICAL.Component('vevent');
  const utc = (iso: string) => ICAL.Time.fromJSDate(new Date(iso), true);
  event.addPropertyWithValue('uid', invitation.uid);
  event.addPropertyWithValue('sequence', invitation.sequence);
  event.addPropertyWithValue('dtstamp', utc(now.toISOString()));
  event.addPropertyWithValue('dtstart', utc(invitation.startsAt));
  event.addPropertyWithValue('dtend', utc(invitation.endsAt));
  if (invitation.title) event.addPropertyWithValue('summary', invitation.title);
  const organizer = event.addPropertyWithValue('organizer', `mailto:${invitation.organizer!.address}`);
  if (invitation.organizer!.name) organizer.setParameter('cn', invitation.organizer!.name);
  const me = event.addPropertyWithValue('attendee', `mailto:${attendee.address}`);
  me.setParameter('partstat', answer);
  if (attendee.name) me.setParameter('cn', attendee.name);
  calendar.addSubcomponent(event);
  return calendar.toString();
}

/**
 * Answers an invitation: an iMIP REPLY from the mailbox to the organizer, then the answer recorded on the
 * reader's event. Accepting or answering "maybe" also adds the event when it is not in the calendar yet (as
 * calendar clients do); declining only records the answer on an event already there.
 */
export async function replyToInvitation(
  db: Db,
  options: { actor: Actor; messageId: number; answer: Answer; now?: Date; locale?: Locale },
): Promise<InvitationView> {
  const actor = calendarUserOf(options.actor);
  const loaded = await loadInvitation(db, { actor, messageId: options.messageId });
  const { invitation } = loaded;
  if (invitation.method !== 'REQUEST' || !invitation.organizer)
    throw new AppError('conflict', { problem: { key: 'calendar.invitationNotAnswerable' } });
  if (loaded.state === 'outdated')
    throw new AppError('conflict', {
      problem: { key: 'calendar.newerInvitation' },
    });
  const listed = invitation.attendees.find((a) => a.address === loaded.reader.address);
  const attendee = { name: listed?.name ?? '', address: loaded.reader.address };
  const [message] = await db
    .select({ messageId: messages.messageIdHeader })
    .from(messages)
    .where(eq(messages.id, loaded.messageId));
  const now = options.now ?? new Date();
  // The reply is the reader's own mail, so its words are in the reader's language (the organizer's is unknown).
  const t = await translatorFor(options.locale ?? defaultLocale, 'calendar.invitationReply');
  const title = invitation.title || t('untitled');
  const words = { answer: options.answer, title, address: attendee.address };
  // sendImipReply checks the send right: a read-only grantee is refused there, before anything goes out.
  await sendImipReply(db, {
    actor,
    mailboxId: loaded.mailboxId,
    organizer: invitation.organizer,
    subject: t('subject', words),
    text: t('text', words),
    calendar: buildReplyCalendar(invitation, attendee, options.answer, now),
    inReplyTo: message?.messageId ?? null,
    now,
  });
  return applyInvitation(db, { actor, messageId: options.messageId, answer: options.answer });
}
