import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';
import { mailboxes } from './mail';
import { users } from './users';

// Which worker holds the IDLE connection of a mailbox. A short lease, renewed while held: a dead worker's
// mailboxes are taken over once their lease expires, and the primary key means never two holders.
export const mailboxIdleLeases = pgTable('mailbox_idle_leases', {
  mailboxId: uuid()
    .primaryKey()
    .references(() => mailboxes.id, { onDelete: 'cascade' }),
  orgId: orgIdColumn(),
  workerId: text().notNull(),
  // The IMAP host, so per-host connection caps can count IDLE connections across the fleet.
  imapHost: text().notNull(),
  // 'idle' holds an IMAP IDLE; 'poll' polls every 60 s (no IDLE on the server, or over the worker's cap).
  mode: text().notNull().default('idle'),
  acquiredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});

// A change to a mailbox's mail, kept briefly so a browser that reconnects with Last-Event-ID resumes without
// losing events. Written by statement triggers on messages (migration 0014), announced by NOTIFY mail_events.
export const mailEvents = pgTable(
  'mail_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgIdColumn(),
    mailboxId: uuid()
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
    folderId: bigint({ mode: 'number' }),
    // 'new' (messages arrived), 'changed' (flags, moves), 'removed', 'folders' (counts or folder list).
    kind: text().notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [index('mail_events_mailbox_idx').on(t.mailboxId, t.id), index('mail_events_created_idx').on(t.createdAt)],
);

// Opt-in browser notifications for new mail, per user and mailbox.
export const mailNotificationSubscriptions = pgTable(
  'mail_notification_subscriptions',
  {
    orgId: orgIdColumn(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    mailboxId: uuid()
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
    createdAt: createdAtColumn(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.mailboxId] })],
);

export type MailboxIdleLease = typeof mailboxIdleLeases.$inferSelect;
export type MailEvent = typeof mailEvents.$inferSelect;
