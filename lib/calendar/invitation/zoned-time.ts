/** A wall-clock time as an iCalendar value gives it: no zone of its own. */
export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** Whether Intl knows the zone (an IANA name such as "Europe/Paris"); Windows names ("Romance Standard Time") are not. */
export function isKnownTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// The zone's offset from UTC at an instant, in milliseconds, from Intl's reading of that instant.
function offsetAt(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time names in an IANA zone. The offset is read twice, the second time at the first
 * guess, so times near a change of offset land on the side the zone is on at that hour.
 */
export function wallTimeInZone(time: WallTime, zone: string): Date {
  const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  const first = wall - offsetAt(wall, zone);
  return new Date(wall - offsetAt(first, zone));
}

/** The instant a wall-clock time names at a fixed offset from UTC (in seconds, as ical.js gives it). */
export function wallTimeAtOffset(time: WallTime, offsetSeconds: number): Date {
  return new Date(
    Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second) - offsetSeconds * 1000,
  );
}
