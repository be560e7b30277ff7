import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';
import { mailboxes, messages, type AddressJson } from './mail';
import { users } from './users';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const crmLeadStatus = pgEnum('crm_lead_status', ['new', 'in_progress', 'converted', 'lost']);
export const crmActivityDirection = pgEnum('crm_activity_direction', ['incoming', 'outgoing']);
export const crmExceptionKind = pgEnum('crm_exception_kind', ['address', 'domain']);

export const crmContacts = pgTable(
  'crm_contacts',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    name: text().notNull(),
    // Lower-cased by lib/crm, so matching a sender is an exact array test.
    emails: text().array().notNull().default(sql`'{}'::text[]`),
    company: text(),
    responsibleUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('crm_contacts_emails_idx').using('gin', t.emails), index('crm_contacts_org_idx').on(t.orgId, t.name)],
);

export const crmLeads = pgTable(
  'crm_leads',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    title: text().notNull(),
    name: text(),
    // Lower-cased.
    email: text(),
    status: crmLeadStatus().notNull().default('new'),
    responsibleUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    sourceMailboxId: uuid().references(() => mailboxes.id, { onDelete: 'set null' }),
    // Every Message-ID seen in the lead's conversation: a reply (References/In-Reply-To) from anyone lands on
    // the same lead instead of creating another.
    threadMessageIds: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAtColumn(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('crm_leads_org_email_idx').on(t.orgId, t.email),
    index('crm_leads_thread_idx').using('gin', t.threadMessageIds),
    index('crm_leads_org_created_idx').on(t.orgId, t.createdAt.desc()),
  ],
);

/**
 * One sentence of a routing reason: a key under `crm.activity.reasons` in messages/<locale>.json and its values;
 * a value given as `{ key }` is itself a word of that namespace ("a former colleague").
 */
export type CrmReasonSentence = { key: string; values?: Record<string, string | { key: string }> };

export type CrmRoutingDecision = {
  rule: 'known_contact' | 'known_lead' | 'conversation' | 'new_lead' | 'manual';
  /** The reason in English: for logs, and what activities stored before `why` show. */
  reason: string;
  /** The same reason as catalogue sentences, worded in the reader's language when shown (absent on old rows). */
  why?: CrmReasonSentence[];
  assignedToUserId: string | null;
};

/**
 * An e-mail in or out, on a contact or a lead. Subject, bodies and attachments are copied: the activity
 * outlives the message's local copy (retention purge, task deletion).
 */
export const crmActivities = pgTable(
  'crm_activities',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    contactId: uuid().references(() => crmContacts.id, { onDelete: 'cascade' }),
    leadId: uuid().references(() => crmLeads.id, { onDelete: 'cascade' }),
    direction: crmActivityDirection().notNull(),
    messageId: bigint({ mode: 'number' }).references(() => messages.id, { onDelete: 'set null' }),
    mailboxId: uuid().references(() => mailboxes.id, { onDelete: 'set null' }),
    messageIdHeader: text(),
    subject: text().notNull().default(''),
    fromAddress: text(),
    fromName: text(),
    toAddresses: jsonb().$type<AddressJson[]>().notNull().default([]),
    textBody: text(),
    htmlBody: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    responsibleUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    routing: jsonb().$type<CrmRoutingDecision>().notNull(),
    // Null when the sync's CRM rules made it.
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    uniqueIndex('crm_activities_message_key').on(t.messageId),
    index('crm_activities_contact_idx').on(t.contactId, t.occurredAt.desc()),
    index('crm_activities_lead_idx').on(t.leadId, t.occurredAt.desc()),
    index('crm_activities_org_idx').on(t.orgId, t.occurredAt.desc()),
  ],
);

export const crmActivityAttachments = pgTable(
  'crm_activity_attachments',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgIdColumn(),
    activityId: uuid()
      .notNull()
      .references(() => crmActivities.id, { onDelete: 'cascade' }),
    filename: text(),
    contentType: text().notNull(),
    size: integer().notNull(),
    content: bytea().notNull(),
  },
  (t) => [index('crm_activity_attachments_activity_idx').on(t.activityId)],
);

// Addresses and whole domains whose mail never goes to the CRM (SPEC §6). Stored lower-cased.
export const crmExceptions = pgTable(
  'crm_exceptions',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    kind: crmExceptionKind().notNull(),
    value: text().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (t) => [uniqueIndex('crm_exceptions_org_value_key').on(t.orgId, t.kind, t.value)],
);

export type CrmContact = typeof crmContacts.$inferSelect;
export type CrmLead = typeof crmLeads.$inferSelect;
export type CrmLeadStatus = (typeof crmLeadStatus.enumValues)[number];
export type CrmActivity = typeof crmActivities.$inferSelect;
export type CrmActivityAttachment = typeof crmActivityAttachments.$inferSelect;
export type CrmException = typeof crmExceptions.$inferSelect;
