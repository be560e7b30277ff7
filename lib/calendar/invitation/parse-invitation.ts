import ICAL from 'ical.js';
import type { AddressJson } from '@/db/schema';
import { resolveInstant } from './resolve-instant';

export type InvitationMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';
export type Participation = 'NEEDS-ACTION' | 'ACCEPTED' | 'TENTATIVE' | 'DECLINED' | 'DELEGATED';

export type InvitationAttendee = AddressJson & { partstat: Participation; role: string };

/** One iCalendar invitation (RFC 5546 iTIP), reduced to what the card and the calendar need. */
export type Invitation = {
  method: InvitationMethod;
  uid: string;
  sequence: number;
  /** DTSTAMP, ISO: when the organizer's calendar wrote this copy. */
  stamp: string | null;
  title: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  /** No zone in the file: the wall time was read in the reader's zone. */
  floating: boolean;
  /** An RRULE/RDATE: startsAt/endsAt are the first occurrence (DTSTART itself, RFC 5545 §3.8.5.3). */
  recurring: boolean;
  location: string;
  description: string;
  organizer: AddressJson | null;
  attendees: InvitationAttendee[];
};

// An invitation is a few kilobytes; Outlook's with long descriptions stay well under this. Anything bigger is
// not parsed at all, so a hostile file costs no time.
export const MAX_INVITATION_BYTES = 256 * 1024;
const MAX_ATTENDEES = 200;
const MAX_TEXT = 10_000;
const PARTSTATS = new Set<Participation>(['NEEDS-ACTION', 'ACCEPTED', 'TENTATIVE', 'DECLINED', 'DELEGATED']);
const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,255}$/;

/**
 * Reads an invitation from a text/calendar part. Never throws: garbage, an unsupported METHOD (REPLY, COUNTER,
 * …), a missing UID or an impossible time give null, and the message is then shown without a card.
 * `floatingZone` is the reader's IANA zone, for times written without one.
 */
export function parseInvitation(text: string, options: { floatingZone: string }): Invitation | null {
  if (text.length === 0 || text.length > MAX_INVITATION_BYTES) return null;
  try {
    return read(new ICAL.Component(ICAL.parse(text)), options.floatingZone);
  } catch {
    return null;
  }
}

function read(calendar: ICAL.Component, floatingZone: string): Invitation | null {
  if (calendar.name !== 'vcalendar') return null;
  const method = String(calendar.getFirstPropertyValue('method') ?? 'PUBLISH').toUpperCase();
  if (method !== 'REQUEST' && method !== 'CANCEL' && method !== 'PUBLISH') return null;
  const events = calendar.getAllSubcomponents('vevent');
  // The master event, not one of its overridden occurrences (those carry a RECURRENCE-ID).
  const vevent = events.find((e) => !e.hasProperty('recurrence-id')) ?? events[0];
  if (!vevent) return null;
  const event = new ICAL.Event(vevent);
  const uid = clean(event.uid, 1000);
  const startProperty = vevent.getFirstProperty('dtstart');
  if (!uid || !startProperty) return null;
  const start = resolveInstant(startProperty, calendar, floatingZone);
  if (!start) return null;
  const endProperty = vevent.getFirstProperty('dtend') ?? vevent.getFirstProperty('due');
  let end = endProperty ? resolveInstant(endProperty, calendar, floatingZone) : null;
  if (!end && vevent.hasProperty('duration')) {
    const seconds = event.duration.toSeconds();
    if (seconds > 0 && seconds < 366 * 86_400) end = { ...start, at: new Date(start.at.getTime() + seconds * 1000) };
  }
  // RFC 5545 §3.6.1: without an end, a date lasts the day and a date-time is an instant (we give it an hour
  // so that it shows in a calendar).
  if (!end || end.at <= start.at)
    end = { ...start, at: new Date(start.at.getTime() + (start.allDay ? 86_400_000 : 3_600_000)) };
  const sequence = Number(vevent.getFirstPropertyValue('sequence') ?? 0);
  const stamp = vevent.getFirstPropertyValue('dtstamp');
  return {
    method,
    uid,
    sequence: Number.isSafeInteger(sequence) && sequence >= 0 ? sequence : 0,
    stamp: stamp instanceof ICAL.Time ? safeIso(stamp.toJSDate()) : null,
    title: clean(event.summary, 200),
    startsAt: start.at.toISOString(),
    endsAt: end.at.toISOString(),
    allDay: start.allDay,
    floating: start.floating,
    recurring: vevent.hasProperty('rrule') || vevent.hasProperty('rdate'),
    location: clean(event.location, 1000),
    description: clean(event.description, MAX_TEXT),
    organizer: person(vevent.getFirstProperty('organizer')),
    attendees: vevent
      .getAllProperties('attendee')
      .slice(0, MAX_ATTENDEES)
      .flatMap((property) => {
        const who = person(property);
        if (!who) return [];
        const partstat = String(property.getParameter('partstat') ?? 'NEEDS-ACTION').toUpperCase() as Participation;
        return [
          {
            ...who,
            partstat: PARTSTATS.has(partstat) ? partstat : 'NEEDS-ACTION',
            role: clean(property.getParameter('role'), 40) || 'REQ-PARTICIPANT',
          },
        ];
      }),
  };
}

/** "mailto:Bob@Example.com" with CN=Bob → { name: 'Bob', address: 'bob@example.com' }; anything else null. */
function person(property: ICAL.Property | null): AddressJson | null {
  if (!property) return null;
  const value = String(property.getFirstValue() ?? '').trim();
  const address = value.replace(/^mailto:/i, '').toLowerCase();
  if (!EMAIL.test(address)) return null;
  return { name: clean(property.getParameter('cn'), 200), address };
}

function clean(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .trim()
    .slice(0, max);
}

function safeIso(date: Date): string | null {
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
