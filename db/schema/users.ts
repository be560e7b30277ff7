import { sql } from 'drizzle-orm';
import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';

export const userRole = pgEnum('user_role', ['admin', 'employee']);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    // Stored lower-cased by lib/users so the unique index is case-insensitive in effect.
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: userRole().notNull().default('employee'),
    active: boolean().notNull().default(true),
    deactivatedAt: timestamp({ withTimezone: true }),
    // The interface language the user chose (lib/i18n/locales); null follows the browser's Accept-Language.
    locale: text(),
    // Colour theme: 'system' follows the browser's prefers-color-scheme; 'light' or 'dark' pins one.
    theme: text().notNull().default('system'),
    // The mail list: 'conversations' (default) groups by thread; 'messages' lists single messages.
    mailView: text().notNull().default('conversations'),
    // The supported language the browser last asked for (Accept-Language on the presence heartbeat): mail that
    // Mailroom sends a user who follows the browser goes out in it, since a background job has no request.
    browserLocale: text(),
    // Two-factor sign-in: the TOTP secret, encrypted like mailbox credentials (lib/crypto/secret-box), kept
    // while enrolment is pending; totpEnabledAt is set once a first code was confirmed.
    totpSecret: text(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    // Set when an admin gave a temporary password: the next sign-in must choose a new one before anything else.
    mustChangePassword: boolean().notNull().default(false),
    // IANA zone the browser reported (e.g. Europe/Paris): dates and times render in it, on the server too.
    timeZone: text(),
    // Presence: a visible tab's heartbeat; sync scheduling reads it (SPEC §4).
    lastSeenAt: timestamp({ withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    index('users_org_idx').on(t.orgId),
    index('users_org_last_seen_idx').on(t.orgId, t.lastSeenAt).where(sql`${t.active}`),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type UserRole = (typeof userRole.enumValues)[number];
