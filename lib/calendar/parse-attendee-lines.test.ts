import { describe, expect, it } from 'vitest';
import { formatAttendeeLines, parseAttendeeLines } from './parse-attendee-lines';

describe('parseAttendeeLines', () => {
  it('reads one person a line, with or without a display name', () => {
    expect(
      parseAttendeeLines(
        'Ann Lee <ann@example.com>\n  bob@example.com \n\n"Lee, Carl" <carl@example.com>; dee@example.com, eve@example.com',
      ),
    ).toEqual([
      { name: 'Ann Lee', address: 'ann@example.com' },
      { address: 'bob@example.com' },
      { name: 'Lee, Carl', address: 'carl@example.com' },
      { address: 'dee@example.com' },
      { address: 'eve@example.com' },
    ]);
    expect(parseAttendeeLines('<only@example.com>')).toEqual([{ address: 'only@example.com' }]);
    expect(parseAttendeeLines('  \n ; ')).toEqual([]);
  });

  it('writes back what it reads', () => {
    const attendees = [
      { name: 'Ann Lee', address: 'ann@example.com' },
      { name: '', address: 'bob@example.com' },
    ];
    expect(parseAttendeeLines(formatAttendeeLines(attendees))).toEqual([
      { name: 'Ann Lee', address: 'ann@example.com' },
      { address: 'bob@example.com' },
    ]);
  });
});
