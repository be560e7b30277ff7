import { describe, expect, it } from 'vitest';
import { invitationCalendarText } from '@/test/invitation-fixtures';
import { parseInvitation } from './parse-invitation';

const READER = 'reader@mailroom.test';
const parse = (text: string, floatingZone = 'America/New_York') => parseInvitation(text, { floatingZone });

const calendar = (event: string, extra = '') =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'METHOD:REQUEST',
    extra,
    'BEGIN:VEVENT',
    'UID:x-1@test',
    event,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
    .filter(Boolean)
    .join('\r\n');

describe('parseInvitation', () => {
  it('reads a Google-style REQUEST: IANA TZID, organizer, attendees with their answers, location', () => {
    const invitation = parse(invitationCalendarText('google-request', READER))!;
    expect(invitation).toMatchObject({
      method: 'REQUEST',
      uid: '7kq2v0c1g8mf3p5h9t4r6d2s1a@google.test',
      sequence: 0,
      title: 'Quarterly planning',
      // 10:00 in Paris in March (CET, UTC+1).
      startsAt: '2031-03-18T09:00:00.000Z',
      endsAt: '2031-03-18T10:30:00.000Z',
      allDay: false,
      floating: false,
      recurring: false,
      location: 'Room Everest, 4th floor',
      organizer: { name: 'Alice Martin', address: 'alice.martin@calendar-corp.test' },
    });
    expect(invitation.attendees.map((a) => [a.address, a.partstat])).toEqual([
      ['alice.martin@calendar-corp.test', 'ACCEPTED'],
      ['bob.okafor@calendar-corp.test', 'NEEDS-ACTION'],
      [READER, 'NEEDS-ACTION'],
    ]);
  });

  it('reads an Outlook-style REQUEST whose Windows zone is defined only by its VTIMEZONE', () => {
    const invitation = parse(invitationCalendarText('outlook-request', READER))!;
    // 15:30 "Romance Standard Time" in July is summer time, UTC+2.
    expect(invitation.startsAt).toBe('2031-07-01T13:30:00.000Z');
    expect(invitation.endsAt).toBe('2031-07-01T14:30:00.000Z');
    expect(invitation.organizer).toEqual({ name: 'Chloé Durand', address: 'chloe.durand@outlook-corp.test' });
    expect(invitation.location).toBe('Salle Lumière');
    expect(invitation.attendees.map((a) => a.address)).toEqual([READER, 'dev.patel@outlook-corp.test']);
  });

  it('reads the update and the CANCEL with their sequences', () => {
    expect(parse(invitationCalendarText('google-update', READER))).toMatchObject({
      method: 'REQUEST',
      sequence: 1,
      startsAt: '2031-03-19T13:00:00.000Z',
    });
    expect(parse(invitationCalendarText('google-cancel', READER))).toMatchObject({ method: 'CANCEL', sequence: 2 });
  });

  it('reads all-day, floating and recurring events as it says', () => {
    const allDay = parse(calendar('DTSTART;VALUE=DATE:20310401\r\nDTEND;VALUE=DATE:20310402\r\nSUMMARY:Off'))!;
    expect(allDay).toMatchObject({
      allDay: true,
      startsAt: '2031-04-01T04:00:00.000Z',
      endsAt: '2031-04-02T04:00:00.000Z',
    });
    const floating = parse(calendar('DTSTART:20310401T090000\r\nDURATION:PT30M'))!;
    expect(floating).toMatchObject({
      floating: true,
      startsAt: '2031-04-01T13:00:00.000Z',
      endsAt: '2031-04-01T13:30:00.000Z',
    });
    const weekly = parse(calendar('DTSTART:20310401T090000Z\r\nRRULE:FREQ=WEEKLY;COUNT=10'))!;
    expect(weekly).toMatchObject({
      recurring: true,
      startsAt: '2031-04-01T09:00:00.000Z',
      endsAt: '2031-04-01T10:00:00.000Z',
    });
  });

  it('gives null, never an exception, for garbage and hostile input', () => {
    for (const text of [
      '',
      'garbage',
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT',
      calendar('DTSTART:99991231T000000Z'),
      calendar('SUMMARY:no start'),
      calendar('DTSTART:20310401T090000Z').replace('METHOD:REQUEST', 'METHOD:REPLY'),
      calendar(
        'DTSTART;TZID=Evil:20310401T090000',
        'BEGIN:VTIMEZONE\r\nTZID:Evil\r\nBEGIN:STANDARD\r\nDTSTART:00010101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=SECONDLY\r\nEND:STANDARD\r\nEND:VTIMEZONE',
      ),
      `BEGIN:VCALENDAR\r\n${'X-A:b\r\n'.repeat(60_000)}END:VCALENDAR`,
    ]) {
      const result = parse(text);
      if (result) expect(result.floating).toBe(true);
    }
    expect(parse('garbage')).toBeNull();
    expect(parse(calendar('DTSTART:99991231T000000Z'))).toBeNull();
  });
});
