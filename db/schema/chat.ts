import { bigint, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';
import { messages } from './mail';
import { users } from './users';

// What a chat or a feed post shows of the message it is about: kept even after the local copy is purged.
export type QuotedMessage = {
  subject: string;
  fromName: string | null;
  fromAddress: string | null;
  receivedAt: string;
  excerpt: string;
};

export const chats = pgTable(
  'chats',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    title: text().notNull(),
    messageId: bigint({ mode: 'number' }).references(() => messages.id, { onDelete: 'set null' }),
    quote: jsonb().$type<QuotedMessage>(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (t) => [index('chats_org_idx').on(t.orgId, t.createdAt.desc()), index('chats_message_idx').on(t.messageId)],
);

export const chatMembers = pgTable(
  'chat_members',
  {
    chatId: uuid()
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: orgIdColumn(),
    createdAt: createdAtColumn(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.userId] }), index('chat_members_user_idx').on(t.userId)],
);

export const chatPosts = pgTable(
  'chat_posts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgIdColumn(),
    chatId: uuid()
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    authorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [index('chat_posts_chat_idx').on(t.chatId, t.id)],
);

export type Chat = typeof chats.$inferSelect;
export type ChatPost = typeof chatPosts.$inferSelect;
