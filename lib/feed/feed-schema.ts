import { z } from 'zod';
import { isCursorTimestamp } from '../list-cursor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Shared by the API, the feed page and mail's "Post to feed"; idempotent, so it may be parsed twice.
export const createFeedPostSchema = z.object({
  body: z.string().trim().min(1, { error: 'field.postRequired' }).max(4000, { error: 'field.postTooLong' }),
  quotedMessageId: z.number().int().positive().optional(),
});

export const feedQuerySchema = z.object({ cursor: z.string().max(200).optional() });

export type CreateFeedPostInput = z.input<typeof createFeedPostSchema>;

/** The keyset position after the last post of a page: newest first, ties broken by id. */
export type FeedCursor = { createdAt: string; id: string };

// The timestamp travels as timestampPosition writes it (UTC, microseconds): a JS Date would round it to
// milliseconds and the next page would repeat or skip posts created within the same millisecond.
export function encodeFeedCursor(cursor: FeedCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

/** The position a client sent back; a forged or mangled one is null (the caller answers 400). */
export function decodeFeedCursor(value: string): FeedCursor | null {
  const [createdAt, id, ...rest] = Buffer.from(value, 'base64url').toString().split('|');
  if (rest.length > 0 || !createdAt || !isCursorTimestamp(createdAt) || !id || !UUID.test(id)) return null;
  return { createdAt, id };
}
