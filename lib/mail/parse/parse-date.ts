// A Date header read the RFC 5322 way, with the obsolete forms real mail still uses (two-digit years, named
// zones, comments). mailparser turns an unreadable Date into "now", which would file an undated message as
// just received; we want null instead.
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// RFC 5322 §4.3 obsolete zone names, in minutes east of UTC. Military and unknown names count as UTC ("-0000").
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

const RFC_DATE =
  /(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?,?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?(?:\s*([+-]?\d{4}|[+-]\d{2}:\d{2}|[a-z]{1,5}\b))?/i;

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

export function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const text = value.replace(/\([^()]*\)/g, ' ').slice(0, 200);
  const match = RFC_DATE.exec(text);
  if (match) return fromParts(match);
  // Non-RFC clients write things like "May 9, 2012 9:33 PM" or ISO 8601. The built-in parser reads those, but
  // it also turns a lone "1" into 2001, so only a value carrying a four-digit year is handed to it.
  if (!/\b\d{4}\b/.test(text)) return null;
  return checked(new Date(text.trim()));
}

function fromParts(match: RegExpExecArray): Date | null {
  const [, day, monthName, yearText, hour, minute, second, zone] = match;
  const month = MONTHS.indexOf((monthName ?? '').toLowerCase());
  if (month < 0 || !day || !yearText || !hour || !minute) return null;
  let year = Number(yearText);
  // RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx; three digits add 1900.
  if (yearText.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearText.length === 3) year += 1900;
  const fields = [Number(day), Number(hour), Number(minute), Number(second ?? 0)] as const;
  if (fields[0] < 1 || fields[0] > 31 || fields[1] > 23 || fields[2] > 59 || fields[3] > 60) return null;
  const utc = Date.UTC(year, month, fields[0], fields[1], fields[2], Math.min(fields[3], 59));
  return checked(new Date(utc - zoneOffsetMinutes(zone) * 60_000));
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone) return 0;
  const numeric = /^([+-]?)(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONES[zone.toLowerCase()] ?? 0;
}

function checked(date: Date): Date | null {
  const time = date.getTime();
  if (Number.isNaN(time)) return null;
  const year = date.getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR ? date : null;
}
