import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    // The client address at sign-in, shown on the sessions page.
    ip: text(),
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
    // The id from a signed device cookie of an earlier successful sign-in to this account, or null for a
    // stranger. A known device keeps its own allowance, so strangers cannot lock the owner out (OWASP).
    device: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sign_in_failures_email_idx').on(t.email, t.createdAt),
    index('sign_in_failures_ip_idx').on(t.ip, t.createdAt),
  ],
);

// Recovery codes for two-factor sign-in: sha256 of each code, usable once.
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

export const accountTokenPurposes = ['invite', 'reset'] as const;
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];

// One-time links sent by mail (or shown to an admin): an invitation to set a first password, or a password
// reset. Only sha256 of the token is kept; a used or expired row no longer works.
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: orgIdColumn(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text({ enum: accountTokenPurposes }).notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [uniqueIndex('account_tokens_hash_key').on(t.tokenHash), index('account_tokens_user_idx').on(t.userId)],
);

// Attempts counted against a rate limit (lib/rate-limit.ts), keyed by what is limited, e.g.
// "mail-server-check:<user id>". Instance-level like sign_in_failures; old rows are dropped as new ones come.
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rate_limit_hits_key_idx').on(t.key, t.createdAt)],
);
