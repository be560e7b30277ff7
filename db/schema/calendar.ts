import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { QuotedMessage } from './chat';
import { createdAtColumn, orgIdColumn } from './columns';
import { messages, type AddressJson } from './mail';
import { users } from './users';

export const calendarEvents = pgTable(
  'calendar_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    title: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    // Lower-cased addresses; colleagues among them see the event in their calendar.
    attendees: jsonb().$type<AddressJson[]>().notNull().default([]),
    description: text().notNull().default(''),
    location: text().notNull().default(''),
    // From an iCalendar invitation (RFC 5546): its UID and SEQUENCE, so that an update or a CANCEL finds and
    // changes this event, and an older copy arriving late does not undo a newer one.
    icalUid: text(),
    icalSequence: integer().notNull().default(0),
    organizer: jsonb().$type<AddressJson>(),
    // The reader's answer sent as an iMIP REPLY: ACCEPTED, TENTATIVE or DECLINED.
    responseStatus: text(),
    cancelledAt: timestamp({ withTimezone: true }),
    sourceMessageId: bigint({ mode: 'number' }).references(() => messages.id, { onDelete: 'set null' }),
    // A copy of what the message said: the event keeps it after the local message is purged.
    quote: jsonb().$type<QuotedMessage>(),
    creatorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  // Deleting a message sets its events' source to null: the index spares a scan per deleted message.
  (t) => [
    index('calendar_events_org_start_idx').on(t.orgId, t.startsAt),
    index('calendar_events_source_message_idx').on(t.sourceMessageId),
    index('calendar_events_org_ical_uid_idx').on(t.orgId, t.icalUid),
  ],
);

export type CalendarEvent = typeof calendarEvents.$inferSelect;
