import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { AppError } from './errors';
import { fieldError, isInstantInRange, isStorableText } from './validation';

/** A keyset position in a list (sort key and id of the last row shown), opaque to the page. */
export type ListCursor = { key: string; id: string };

/** What the sort key is: a timestamp (see timestampPosition), or text such as a name. */
export type CursorKeyKind = 'timestamp' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Longer than any cursor we hand out (a name of 200 characters, base64): anything bigger was not ours.
const MAX_CURSOR_LENGTH = 1000;
// `2026-05-01T09:30:00.123456Z` as timestampPosition writes it; the offset forms (`… 09:30:00+02`) as PostgreSQL
// prints a timestamptz, which cursors handed out before carried.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-]\d{2}(?::\d{2}){0,2})$/;

/**
 * Whether a cursor's timestamp is one PostgreSQL will cast: a real calendar day and time (2024-02-30 is not,
 * though JavaScript's Date.parse rolls it over to March) within the years every date input accepts. A cursor
 * is the client's to send back, so a forged one must be a 400, never a failed cast.
 */
export function isCursorTimestamp(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  const sameFields =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return sameFields && isInstantInRange(ms);
}

/**
 * A timestamp column as a cursor key: UTC at full (microsecond) precision — a JS Date would round to the
 * millisecond and skip rows made within the same one — and in one fixed format whatever the server's
 * DateStyle and TimeZone, so that isCursorTimestamp can tell ours from a forged one.
 */
export function timestampPosition(column: PgColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** A list position the client sent back is not one we made. */
export function invalidCursor(): AppError {
  return fieldError('cursor', { key: 'list.cursorInvalid' });
}

export function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

export function decodeListCursor(value: string | undefined, keyKind: CursorKeyKind): ListCursor | null {
  if (!value) return null;
  if (value.length > MAX_CURSOR_LENGTH) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString());
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalidCursor();
  const [key, id] = parsed as unknown[];
  if (typeof key !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw invalidCursor();
  const keyValid = keyKind === 'timestamp' ? isCursorTimestamp(key) : isStorableText(key) && key.length <= 500;
  if (!keyValid) throw invalidCursor();
  return { key, id };
}

/** A LIKE pattern matching `text` literally anywhere. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
