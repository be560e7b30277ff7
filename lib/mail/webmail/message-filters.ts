import { z } from 'zod';
import { messageLinkKind } from '@/db/schema';
import { isCursorTimestamp } from '../../list-cursor';
import { instantSchema } from '../../validation';

export const messageStatuses = ['unread', 'read', 'flagged', 'answered', 'attachments'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

const commaList = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .max(200)
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));

/**
 * The filters of a message list, as they appear in the page URL and the list endpoint's query string, so a
 * filtered view can be bookmarked: statuses and link kinds are comma-separated and all must hold.
 */
export const messageFiltersSchema = z.object({
  after: instantSchema().optional(),
  before: instantSchema().optional(),
  status: commaList(messageStatuses).optional(),
  linked: commaList(messageLinkKind.enumValues).optional(),
  q: z.string().trim().max(200).optional(),
});

export type MessageFilters = z.output<typeof messageFiltersSchema>;

/** The keyset position after the last row of a page: newest first, ties broken by id. */
export type ListCursor = { receivedAt: string; id: number };

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(`${cursor.receivedAt}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(value: string): ListCursor | null {
  const [receivedAt, id] = Buffer.from(value, 'base64url').toString().split('|');
  const parsedId = Number(id);
  // A forged cursor must be a 400, never a failed cast: a real day and time, and an id a bigint can hold.
  if (!receivedAt || !isCursorTimestamp(receivedAt) || !/^\d{1,15}$/.test(id ?? '') || !Number.isSafeInteger(parsedId))
    return null;
  return { receivedAt, id: parsedId };
}
