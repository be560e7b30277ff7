import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Problem } from '../../lib/i18n/problem';
import { createdAtColumn, orgIdColumn } from './columns';
import { users } from './users';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const transportSecurity = pgEnum('transport_security', ['tls', 'starttls', 'none']);
export const mailboxStatus = pgEnum('mailbox_status', ['active', 'disabled']);
export const mailboxSyncState = pgEnum('mailbox_sync_state', ['idle', 'importing', 'syncing', 'error']);
export const sendingRoute = pgEnum('sending_route', ['own', 'relay']);
export const mailboxAccessLevel = pgEnum('mailbox_access_level', ['read', 'send', 'manage']);
export const folderSpecialUse = pgEnum('folder_special_use', ['inbox', 'sent', 'drafts', 'junk', 'trash', 'archive']);
export const messageBodyState = pgEnum('message_body_state', ['pending', 'complete', 'too_large', 'damaged']);
export const messageLinkKind = pgEnum('message_link_kind', ['task', 'crm', 'calendar', 'chat', 'feed']);

export type AddressJson = { name: string; address: string };

export const mailboxes = pgTable(
  'mailboxes',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    // Null only for a mailbox connected for the organization before any user existed (CLI `--org`).
    ownerUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    email: text().notNull(),
    provider: text().notNull(),
    // 'google' or 'microsoft' when the mailbox logs in with an OAuth2 grant instead of a password (the refresh
    // token is then in credentialsCiphertext); null for a password.
    oauthProvider: text(),
    displayName: text(),
    senderName: text(),
    signatureHtml: text(),
    imapHost: text().notNull(),
    imapPort: integer().notNull(),
    imapSecurity: transportSecurity().notNull(),
    imapLogin: text().notNull(),
    smtpHost: text().notNull(),
    smtpPort: integer().notNull(),
    smtpSecurity: transportSecurity().notNull(),
    smtpLogin: text().notNull(),
    // lib/crypto envelope (AES-256-GCM, key id inside, mailbox id as associated data). Never sent to a browser.
    credentialsCiphertext: text().notNull(),
    sendingRoute: sendingRoute().notNull().default('own'),
    status: mailboxStatus().notNull().default('active'),
    disabledReason: text(),
    syncState: mailboxSyncState().notNull().default('idle'),
    // The server refused our credentials: no retries until the user reconnects.
    requiresReauth: boolean().notNull().default(false),
    lastErrorCode: text(),
    // In English, for the CLI, logs and rows written before lastErrorProblem; pages word the problem when present.
    lastErrorMessage: text(),
    lastErrorProblem: jsonb().$type<Problem>(),
    lastErrorAt: timestamp({ withTimezone: true }),
    lastSyncStartedAt: timestamp({ withTimezone: true }),
    lastSyncAt: timestamp({ withTimezone: true }),
    importTotal: integer().notNull().default(0),
    importDone: integer().notNull().default(0),
    // Set by the Sync button or by opening the mailbox; the scheduler syncs at once while it is newer than lastSyncAt.
    syncRequestedAt: timestamp({ withTimezone: true }),
    lastSyncStats: jsonb().$type<Record<string, number>>(),
    crmEnabled: boolean().notNull().default(false),
    crmWindowDays: integer().notNull().default(7),
    crmRouteToManager: boolean().notNull().default(false),
    crmCreateLeads: boolean().notNull().default(false),
    // The CRM rules have seen every message of this mailbox up to this id (messages.id grows with each insert).
    crmProcessedThroughId: bigint({ mode: 'number' }).notNull().default(0),
    // Downgrades disable the most recently connected mailboxes first (SPEC §2).
    connectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAtColumn(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mailboxes_org_email_key').on(t.orgId, t.email), index('mailboxes_owner_idx').on(t.ownerUserId)],
);

export const mailboxAccess = pgTable(
  'mailbox_access',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    mailboxId: uuid()
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    level: mailboxAccessLevel().notNull(),
    grantedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    uniqueIndex('mailbox_access_mailbox_user_key').on(t.mailboxId, t.userId),
    index('mailbox_access_user_idx').on(t.userId),
  ],
);

export const mailFolders = pgTable(
  'mail_folders',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgIdColumn(),
    mailboxId: uuid()
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
    path: text().notNull(),
    delimiter: text(),
    name: text().notNull(),
    specialUse: folderSpecialUse(),
    syncEnabled: boolean().notNull().default(true),
    uidValidity: bigint({ mode: 'number' }),
    uidNext: bigint({ mode: 'number' }),
    // RFC 7162 allows 63-bit mod-sequences, beyond a JS number's exact range.
    highestModseq: bigint({ mode: 'bigint' }),
    lastSyncedAt: timestamp({ withTimezone: true }),
    // Initial import walks the import window newest first; every UID in the window at or above this one is
    // stored. Committed with each batch, so an interrupted import resumes exactly there.
    importCursorUid: bigint({ mode: 'number' }),
    importCompletedAt: timestamp({ withTimezone: true }),
    // Local copies received before this were purged (or were outside the import window): never re-import them.
    importFloor: timestamp({ withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [uniqueIndex('mail_folders_mailbox_path_key').on(t.mailboxId, t.path)],
);

// A conversation of one mailbox, across its folders (Sent replies join). Aggregates are kept by statement
// triggers on messages (migration 0013), so a list by conversation is one keyset query on thread_folders.
export const threads = pgTable(
  'threads',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgIdColumn(),
    mailboxId: uuid()
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
    // Normalized subject (no Re:/Fwd:/AW:/TR:/RV:/R: prefixes, lower case) for the bounded subject fallback.
    subjectKey: text().notNull().default(''),
    firstAt: timestamp({ withTimezone: true }).notNull(),
    latestAt: timestamp({ withTimezone: true }).notNull(),
    messageCount: integer().notNull().default(0),
    unreadCount: integer().notNull().default(0),
    // Distinct senders, oldest first, at most 10.
    participants: jsonb().$type<AddressJson[]>().notNull().default([]),
    createdAt: createdAtColumn(),
  },
  (t) => [index('threads_mailbox_subject_idx').on(t.mailboxId, t.subjectKey, t.latestAt)],
);

// Every Message-ID a thread's messages carry or reference, so a reply that arrives before its parent (or a
// parent after its replies) finds the thread in one indexed lookup (JWZ's id table, kept in PostgreSQL).
export const threadRefs = pgTable(
  'thread_refs',
  {
    orgId: orgIdColumn(),
    mailboxId: uuid()
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
    messageIdHeader: text().notNull(),
    threadId: bigint({ mode: 'number' })
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.mailboxId, t.messageIdHeader] }), index('thread_refs_thread_idx').on(t.threadId)],
);

// One row per conversation per folder it has messages in: what the conversation list shows and pages on.
export const threadFolders = pgTable(
  'thread_folders',
  {
    folderId: bigint({ mode: 'number' })
      .notNull()
      .references(() => mailFolders.id, { onDelete: 'cascade' }),
    threadId: bigint({ mode: 'number' })
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    orgId: orgIdColumn(),
    mailboxId: uuid()
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
    latestAt: timestamp({ withTimezone: true }).notNull(),
    // The newest listed message of the thread in this folder: its subject, sender and snippet head the row.
    latestMessageId: bigint({ mode: 'number' }).notNull(),
    messageCount: integer().notNull().default(0),
    unreadCount: integer().notNull().default(0),
    flagged: boolean().notNull().default(false),
    answered: boolean().notNull().default(false),
    hasAttachments: boolean().notNull().default(false),
    linkKinds: messageLinkKind().array().notNull().default(sql`'{}'::message_link_kind[]`),
  },
  (t) => [
    primaryKey({ columns: [t.folderId, t.threadId] }),
    index('thread_folders_folder_latest_idx').on(t.folderId, t.latestAt.desc(), t.threadId.desc()),
    index('thread_folders_thread_idx').on(t.threadId),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgIdColumn(),
    mailboxId: uuid()
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
    folderId: bigint({ mode: 'number' })
      .notNull()
      .references(() => mailFolders.id, { onDelete: 'cascade' }),
    uid: bigint({ mode: 'number' }).notNull(),
    modseq: bigint({ mode: 'bigint' }),
    messageIdHeader: text(),
    inReplyTo: text(),
    referenceIds: text().array().notNull().default(sql`'{}'::text[]`),
    subject: text().notNull().default(''),
    fromAddress: text(),
    fromName: text(),
    toAddresses: jsonb().$type<AddressJson[]>().notNull().default([]),
    ccAddresses: jsonb().$type<AddressJson[]>().notNull().default([]),
    replyTo: jsonb().$type<AddressJson[]>().notNull().default([]),
    sentAt: timestamp({ withTimezone: true }),
    // IMAP INTERNALDATE: retention and the import window count from it (SPEC §2).
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    seen: boolean().notNull().default(false),
    flagged: boolean().notNull().default(false),
    answered: boolean().notNull().default(false),
    draft: boolean().notNull().default(false),
    keywords: text().array().notNull().default(sql`'{}'::text[]`),
    size: integer().notNull().default(0),
    snippet: text().notNull().default(''),
    hasAttachments: boolean().notNull().default(false),
    bodyState: messageBodyState().notNull().default('pending'),
    parseError: text(),
    hiddenFromWebmail: boolean().notNull().default(false),
    // The mail server no longer has this message, but work is linked to it: the local copy is kept, out of the
    // folder lists (its uid is moved below every real and rebuild uid), and still opens from the work item.
    goneFromServerAt: timestamp({ withTimezone: true }),
    // sha256 of the raw header block (first 16 bytes, base64): with the size and INTERNALDATE, how a message
    // moved by another client is recognised, since a Message-ID alone is neither unique nor always present.
    headerDigest: text(),
    // Kinds of work this message is linked to (mirror of message_links, kept in the same transaction).
    linkKinds: messageLinkKind().array().notNull().default(sql`'{}'::message_link_kind[]`),
    searchVector: tsvector(),
    // The conversation (lib/mail/threads), set in the same insert as the row; null only for a row in flight.
    threadId: bigint({ mode: 'number' }).references(() => threads.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('messages_thread_idx').on(t.threadId),
    uniqueIndex('messages_folder_uid_key').on(t.folderId, t.uid),
    // Keyset pagination of a folder, newest first.
    index('messages_folder_received_idx')
      .on(t.folderId, t.receivedAt.desc(), t.id.desc())
      .where(sql`not ${t.hiddenFromWebmail}`),
    // The "linked to work" filter: under 1% of a folder, so walking the folder index for it reads thousands of rows.
    index('messages_folder_linked_idx')
      .on(t.folderId, t.receivedAt.desc(), t.id.desc())
      .where(sql`${t.linkKinds} <> '{}'::message_link_kind[] and not ${t.hiddenFromWebmail}`),
    // Every condition of the folder pane's unread count, so it is an index-only scan: with the gone rows checked
    // in the heap, PostgreSQL chose a bitmap scan of the whole folder's unread (118 ms for 19 folders against 2).
    index('messages_folder_unseen_idx')
      .on(t.folderId)
      .where(sql`not ${t.seen} and not ${t.hiddenFromWebmail} and ${t.goneFromServerAt} is null`),
    index('messages_org_received_idx').on(t.orgId, t.receivedAt),
    index('messages_org_message_id_idx').on(t.orgId, t.messageIdHeader),
    index('messages_search_idx').using('gin', t.searchVector),
    // Also serves every lookup by mailbox alone.
    index('messages_mailbox_message_id_idx').on(t.mailboxId, t.messageIdHeader),
  ],
);

// Bodies live apart from the list row so folder listings never read them. The text columns are stored without
// PostgreSQL's compression (STORAGE EXTERNAL, set in migration 0004): pglz, at ~40 MB/s here, was most of
// the cost of an import, and a local copy is kept for the retention period only.
export const messageBodies = pgTable('message_bodies', {
  messageId: bigint({ mode: 'number' })
    .primaryKey()
    .references(() => messages.id, { onDelete: 'cascade' }),
  orgId: orgIdColumn(),
  textBody: text(),
  htmlBody: text(),
  headers: jsonb().$type<Array<[string, string]>>().notNull().default([]),
});

export const attachments = pgTable(
  'attachments',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgIdColumn(),
    messageId: bigint({ mode: 'number' })
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    // IMAP body section (e.g. "2.1") when known, so the content can be fetched on demand; otherwise the
    // attachment is found again by its position and checksum in the message source.
    partId: text(),
    position: integer().notNull().default(0),
    filename: text(),
    contentType: text().notNull(),
    size: integer().notNull().default(0),
    contentId: text(),
    inline: boolean().notNull().default(false),
    // Null until downloaded; then a key in the blob store.
    storageKey: text(),
    sha256: text(),
  },
  (t) => [index('attachments_message_idx').on(t.messageId)],
);

export type Mailbox = typeof mailboxes.$inferSelect;
export type NewMailbox = typeof mailboxes.$inferInsert;
export type MailboxAccess = typeof mailboxAccess.$inferSelect;
export type MailboxAccessLevel = (typeof mailboxAccessLevel.enumValues)[number];
export type MailFolder = typeof mailFolders.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type MessageBody = typeof messageBodies.$inferSelect;
export type Attachment = typeof attachments.$inferSelect;
export type Thread = typeof threads.$inferSelect;
export type ThreadFolder = typeof threadFolders.$inferSelect;
