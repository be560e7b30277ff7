import { describe, expect, it } from 'vitest';
import { addDays, isDayString, mondayOf, weekDays } from './week';
import { layoutDay } from './week-layout';

describe('week days', () => {
  it('starts weeks on Monday and crosses months and years', () => {
    expect(mondayOf('2026-10-07')).toBe('2026-10-05');
    expect(mondayOf('2026-10-05')).toBe('2026-10-05');
    expect(mondayOf('2026-10-11')).toBe('2026-10-05');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
    expect(weekDays('2026-12-28')).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('accepts real calendar days only', () => {
    expect(isDayString('2026-02-28')).toBe(true);
    for (const value of ['2026-02-30', '2026-13-01', '2026-1-1', 'today', '', undefined])
      expect(isDayString(value), String(value)).toBe(false);
    // The week around the day and a day on each side must stay within the years dates are accepted in.
    for (const value of ['0000-01-03', '1900-01-01', '9999-12-31']) expect(isDayString(value), value).toBe(false);
  });
});

describe('layoutDay', () => {
  const dayStart = new Date('2026-10-05T00:00:00Z');
  const dayEnd = new Date('2026-10-06T00:00:00Z');
  const event = (id: string, from: string, to: string) => ({
    id,
    startsAt: `2026-10-${from}Z`,
    endsAt: `2026-10-${to}Z`,
  });

  it('places events by time and puts overlapping ones side by side', () => {
    const placed = layoutDay(
      [
        event('a', '05T09:00:00', '05T10:00:00'),
        event('b', '05T09:30:00', '05T11:00:00'),
        event('c', '05T10:00:00', '05T10:30:00'),
        event('d', '05T12:00:00', '05T13:00:00'),
      ],
      dayStart,
      dayEnd,
    );
    const byId = Object.fromEntries(placed.map((p) => [p.event.id, p]));
    expect(byId.a).toMatchObject({ top: 37.5, lane: 0, lanes: 2 });
    expect(byId.a?.height).toBeCloseTo(100 / 24);
    expect(byId.b).toMatchObject({ lane: 1, lanes: 2 });
    // c starts when a ends: it takes a's lane, still beside b.
    expect(byId.c).toMatchObject({ lane: 0, lanes: 2 });
    expect(byId.d).toMatchObject({ top: 50, lane: 0, lanes: 1 });
  });

  it('cuts events at midnight and leaves out those of other days', () => {
    const placed = layoutDay(
      [
        event('night', '04T22:00:00', '05T02:00:00'),
        event('late', '05T23:00:00', '06T01:00:00'),
        event('other', '06T09:00:00', '06T10:00:00'),
      ],
      dayStart,
      dayEnd,
    );
    expect(placed.map((p) => [p.event.id, p.top, p.continuesBefore, p.continuesAfter])).toEqual([
      ['night', 0, true, false],
      ['late', (23 / 24) * 100, false, true],
    ]);
    expect(placed[1]?.height).toBeCloseTo(100 / 24);
  });
});
