import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';
import { users } from './users';

// Sign-in sessions. The browser holds an encrypted next-auth token that carries only the session's random
// id; this row is checked on every request, so signing out, deactivation or a password change ends the
// session at once instead of when a token would expire.
export const authSessions = pgTable(
  'auth_sessions',
  {
    // sha256 of the random session id: a leaked database dump cannot be replayed as cookies.
    idHash: text().primaryKey(),
    orgId: orgIdColumn(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    userAgent: text(),
    createdAt: createdAtColumn(),
    lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId), index('auth_sessions_expires_idx').on(t.expiresAt)],
);

export type AuthSession = typeof authSessions.$inferSelect;

// Failed sign-ins, for throttling guessing. Instance-level security data (an unknown address has no
// organization), so it carries no org_id; rows older than a day are removed as new ones come in.
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    ip: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_email_idx').on(t.email, t.createdAt), index('sign_in_failures_ip_idx').on(t.ip, t.createdAt)],
);
