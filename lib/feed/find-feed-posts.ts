import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { feedPosts, users, type QuotedMessage } from '@/db/schema';
import { canDeleteFeedPost, feedUserOf } from '../access/feed-access';
import type { Actor } from '../access/actor';
import { openableMessageHrefs } from '../work/openable-messages';
import { invalidCursor, timestampPosition } from '../list-cursor';
import { parseInput } from '../validation';
import { decodeFeedCursor, encodeFeedCursor, feedQuerySchema } from './feed-schema';

export const FEED_PAGE_SIZE = 20;

export type FeedPostView = {
  id: string;
  body: string;
  author: { id: string; name: string } | null;
  createdAt: string;
  quote: QuotedMessage | null;
  // Only for a viewer who may read the quoted message's mailbox, and while the message exists.
  messageHref: string | null;
  canDelete: boolean;
};

export type FeedPage = { items: FeedPostView[]; nextCursor: string | null };

/**
 * One page of the organization's feed, newest first. Pages follow a keyset cursor (created_at, id) over the
 * (org, created_at desc) index, so a post arriving while someone reads neither repeats nor skips a row.
 */
export async function findFeedPosts(
  db: DbOrTx,
  options: { actor: Actor; cursor?: string; limit?: number },
): Promise<FeedPage> {
  const actor = feedUserOf(options.actor);
  const limit = Math.min(Math.max(options.limit ?? FEED_PAGE_SIZE, 1), 100);
  const { cursor: cursorText } = parseInput(feedQuerySchema, { cursor: options.cursor });
  const cursor = cursorText ? decodeFeedCursor(cursorText) : null;
  if (cursorText && !cursor) throw invalidCursor();

  const position = timestampPosition(feedPosts.createdAt);
  const rows = await db
    .select({ post: feedPosts, authorName: users.name, position })
    .from(feedPosts)
    .leftJoin(users, eq(users.id, feedPosts.authorUserId))
    .where(
      and(
        eq(feedPosts.orgId, actor.orgId),
        cursor
          ? sql`(${feedPosts.createdAt}, ${feedPosts.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(feedPosts.createdAt), desc(feedPosts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const hrefs = await openableMessageHrefs(db, { actor, messageIds: page.map((r) => r.post.quotedMessageId) });
  const last = page.at(-1);
  return {
    items: page.map(({ post, authorName }) => ({
      id: post.id,
      body: post.body,
      author: post.authorUserId && authorName !== null ? { id: post.authorUserId, name: authorName } : null,
      createdAt: post.createdAt.toISOString(),
      quote: post.quote,
      messageHref: post.quotedMessageId ? (hrefs.get(post.quotedMessageId) ?? null) : null,
      canDelete: canDeleteFeedPost(actor, post),
    })),
    nextCursor: rows.length > limit && last ? encodeFeedCursor({ createdAt: last.position, id: last.post.id }) : null,
  };
}
