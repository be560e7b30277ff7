import ICAL from 'ical.js';
import { isKnownTimeZone, wallTimeAtOffset, wallTimeInZone, type WallTime } from './zoned-time';

export type ResolvedInstant = { at: Date; allDay: boolean; floating: boolean };

// Years a meeting can be in. Outside them a time is refused: ical.js expands a VTIMEZONE's rules year by
// year up to the year asked for, so a DTSTART in year 99999 would be a loop an attacker chooses.
const MIN_YEAR = 1900;
const MAX_YEAR = 2300;
// Real VTIMEZONEs have a handful of STANDARD/DAYLIGHT rules, each repeating yearly at most.
const MAX_ZONE_RULES = 24;
const MAX_RDATES = 100;

/**
 * The instant a DTSTART/DTEND names (RFC 5545 §3.3.5): UTC ("…Z"); with a TZID, in that zone — Intl for
 * IANA names (Google), else the file's own VTIMEZONE (Outlook's "W. Europe Standard Time"); with neither,
 * floating, read in the reader's zone. A date (all-day) is midnight in the reader's zone. Null when
 * unreadable or out of range.
 */
export function resolveInstant(
  property: ICAL.Property,
  calendar: ICAL.Component,
  readerZone: string,
): ResolvedInstant | null {
  const value: unknown = property.getFirstValue();
  if (!(value instanceof ICAL.Time)) return null;
  const wall: WallTime = {
    year: value.year,
    month: value.month,
    day: value.day,
    hour: value.isDate ? 0 : value.hour,
    minute: value.isDate ? 0 : value.minute,
    second: value.isDate ? 0 : value.second,
  };
  if (!Object.values(wall).every(Number.isSafeInteger) || wall.year < MIN_YEAR || wall.year > MAX_YEAR) return null;
  const zone = isKnownTimeZone(readerZone) ? readerZone : 'UTC';
  const checked = (at: Date, floating: boolean): ResolvedInstant | null =>
    Number.isNaN(at.getTime()) ? null : { at, allDay: value.isDate, floating };
  if (value.isDate) return checked(wallTimeInZone(wall, zone), false);
  if (value.zone === ICAL.Timezone.utcTimezone) return checked(wallTimeAtOffset(wall, 0), false);

  const tzid = property.getParameter('tzid');
  if (typeof tzid === 'string' && tzid) {
    // Some writers prefix the IANA name ("/freeassociation.sourceforge.net/Europe/Paris").
    const iana = [tzid, tzid.split('/').slice(-2).join('/')].find(isKnownTimeZone);
    if (iana) return checked(wallTimeInZone(wall, iana), false);
    const definition = calendar
      .getAllSubcomponents('vtimezone')
      .find((component) => component.getFirstPropertyValue('tzid') === tzid);
    if (definition && isSaneZone(definition)) {
      const offset = new ICAL.Timezone({ component: nearYear(definition, wall.year), tzid }).utcOffset(value);
      if (Number.isFinite(offset)) return checked(wallTimeAtOffset(wall, offset), false);
    }
  }
  return checked(wallTimeInZone(wall, zone), true);
}

function isSaneZone(definition: ICAL.Component): boolean {
  const rules = definition.getAllSubcomponents();
  if (rules.length === 0 || rules.length > MAX_ZONE_RULES) return false;
  return rules.every((rule) => {
    const start: unknown = rule.getFirstPropertyValue('dtstart');
    if (!(start instanceof ICAL.Time) || start.year < 1 || start.year > MAX_YEAR) return false;
    if (rule.getAllProperties('rdate').length > MAX_RDATES) return false;
    return rule.getAllProperties('rrule').every((property) => {
      const recur: unknown = property.getFirstValue();
      return recur instanceof ICAL.Recur && recur.freq === 'YEARLY' && (recur.interval ?? 1) >= 1;
    });
  });
}

/**
 * A copy of the zone whose open-ended yearly rules start the year before the one asked for. Outlook's rules
 * start in 1601: ical.js would expand four centuries of changes (about a second) to find one offset.
 */
function nearYear(definition: ICAL.Component, year: number): ICAL.Component {
  const copy = new ICAL.Component(definition.toJSON());
  for (const rule of copy.getAllSubcomponents()) {
    const start: unknown = rule.getFirstPropertyValue('dtstart');
    const recur: unknown = rule.getFirstPropertyValue('rrule');
    if (!(start instanceof ICAL.Time) || !(recur instanceof ICAL.Recur)) continue;
    if (recur.count || recur.until || start.year >= year - 1) continue;
    const moved = start.clone();
    moved.year = year - 1;
    rule.updatePropertyWithValue('dtstart', moved);
  }
  return copy;
}
