import { bigint, date, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';
import { messageLinkKind, messages } from './mail';
import { users } from './users';

// A message linked to a piece of work. The kinds are also copied onto messages.link_kinds in the same
// transaction: deletions (trial end, retention purge) test that column on the row they delete, so a link
// committed while they run is seen by the row re-check instead of a stale subquery snapshot.
export const messageLinks = pgTable(
  'message_links',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgIdColumn(),
    messageId: bigint({ mode: 'number' })
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    kind: messageLinkKind().notNull(),
    // The task, CRM activity, event, chat or post; each module owns its ids.
    targetId: text().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    uniqueIndex('message_links_message_kind_target_key').on(t.messageId, t.kind, t.targetId),
    index('message_links_target_idx').on(t.orgId, t.kind, t.targetId),
  ],
);

// Outgoing mail per organization per calendar month (UTC), reserved before sending.
export const outgoingUsage = pgTable(
  'outgoing_usage',
  {
    orgId: orgIdColumn(),
    month: date({ mode: 'string' }).notNull(),
    used: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.month] })],
);

export type MessageLink = typeof messageLinks.$inferSelect;
export type MessageLinkKind = (typeof messageLinkKind.enumValues)[number];
