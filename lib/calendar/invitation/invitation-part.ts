import type { Attachment } from '@/db/schema';
import { MAX_INVITATION_BYTES } from './parse-invitation';

type Part = Pick<Attachment, 'id' | 'filename' | 'contentType' | 'size' | 'position'>;

const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics']);

export function isCalendarPart(part: Pick<Attachment, 'filename' | 'contentType'>): boolean {
  const type = part.contentType.split(';')[0]!.trim().toLowerCase();
  return CALENDAR_TYPES.has(type) || (type === 'application/octet-stream' && /\.ics$/i.test(part.filename ?? ''));
}

/**
 * The part a message's invitation is read from, and the parts the reader should not see as files. An
 * unnamed text/calendar part (the alternative Google and Outlook put beside the text and HTML) is the
 * invitation itself, not a download; it is preferred to a named .ics file, which stays downloadable.
 */
export function invitationParts(parts: Part[]): { source: Part | null; hidden: Set<number> } {
  const calendars = parts.filter((part) => isCalendarPart(part) && part.size <= MAX_INVITATION_BYTES);
  const unnamed = calendars.filter((part) => !part.filename);
  const source = unnamed[0] ?? calendars[0] ?? null;
  return { source, hidden: new Set(unnamed.map((part) => part.id)) };
}
