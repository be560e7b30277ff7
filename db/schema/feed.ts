import { bigint, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { QuotedMessage } from './chat';
import { createdAtColumn, orgIdColumn } from './columns';
import { messages } from './mail';
import { users } from './users';

export const feedPosts = pgTable(
  'feed_posts',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    authorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    quotedMessageId: bigint({ mode: 'number' }).references(() => messages.id, { onDelete: 'set null' }),
    quote: jsonb().$type<QuotedMessage>(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('feed_posts_org_created_idx').on(t.orgId, t.createdAt.desc()),
    index('feed_posts_quoted_message_idx').on(t.quotedMessageId),
  ],
);

export type FeedPost = typeof feedPosts.$inferSelect;
