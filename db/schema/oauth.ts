import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, orgIdColumn } from './columns';
import { mailboxes } from './mail';
import { users } from './users';

// One authorization request to Google or Microsoft in flight: created when the user clicks "Connect with …",
// consumed (deleted) by the callback, so a state or code can be used once. Bound to the sign-in session that
// started it: a callback reached in another session (a link sent to someone else) is refused.
export const oauthStates = pgTable(
  'oauth_states',
  {
    // sha256 of the random state sent to the provider: a leaked table cannot complete anyone's flow.
    stateHash: text().primaryKey(),
    orgId: orgIdColumn(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // sha256 of the session id (auth_sessions.id_hash) that started the flow.
    sessionHash: text().notNull(),
    provider: text().notNull(),
    // The PKCE verifier and the nonce, encrypted with the state hash as associated data.
    secretsCiphertext: text().notNull(),
    redirectUri: text().notNull(),
    // Set when the flow reconnects an existing mailbox (its grant expired or was revoked).
    mailboxId: uuid().references(() => mailboxes.id, { onDelete: 'cascade' }),
    createdAt: createdAtColumn(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('oauth_states_expires_idx').on(t.expiresAt), index('oauth_states_user_idx').on(t.userId)],
);

export type OAuthState = typeof oauthStates.$inferSelect;
