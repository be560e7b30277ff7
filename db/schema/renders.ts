import { bigint, boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';
import { crmActivities } from './crm';
import { messageBodies } from './mail';

// Sanitized HTML bodies, made once and kept rather than made again on every open: sanitizing hostile mail
// costs up to a second of an HTML worker (lib/mail/render/html-pool.ts). A row of another renderer_version
// than the running code's is stale and rendered again; rows go with the body they were made from.
// retry_after: set on the text fallback of a render the workers could not finish (a timeout, a crash), which
// is served until then rather than costing a worker on every open, and rendered again after.
const retryAfterColumn = () => timestamp({ withTimezone: true });
export const messageRenders = pgTable(
  'message_renders',
  {
    messageId: bigint({ mode: 'number' })
      .notNull()
      .references(() => messageBodies.messageId, { onDelete: 'cascade' }),
    orgId: orgIdColumn(),
    remoteImagesAllowed: boolean().notNull(),
    rendererVersion: integer().notNull(),
    // Inline images as placeholders marked with placeholder_token, resolved per reader (their links are signed
    // for one user); the token is null when the render has none.
    html: text().notNull(),
    placeholderToken: text(),
    blockedImages: integer().notNull(),
    hasRemoteContent: boolean().notNull(),
    truncated: boolean().notNull(),
    // Too complex to sanitize: the message is shown as its text, with a notice.
    asText: boolean().notNull(),
    retryAfter: retryAfterColumn(),
    createdAt: createdAtColumn(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.remoteImagesAllowed] })],
);

// The CRM shows an activity's e-mail one way only (remote images blocked, no inline images).
export const crmActivityRenders = pgTable('crm_activity_renders', {
  activityId: uuid()
    .primaryKey()
    .references(() => crmActivities.id, { onDelete: 'cascade' }),
  orgId: orgIdColumn(),
  rendererVersion: integer().notNull(),
  html: text().notNull(),
  asText: boolean().notNull(),
  retryAfter: retryAfterColumn(),
  createdAt: createdAtColumn(),
});

export type MessageRenderRow = typeof messageRenders.$inferSelect;
export type CrmActivityRenderRow = typeof crmActivityRenders.$inferSelect;
