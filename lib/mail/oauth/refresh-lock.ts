/**
 * The advisory lock key under which a mailbox's OAuth2 credentials change: a refresh (which may rotate the
 * refresh token) and a reconnect (which replaces the grant) never interleave, in any process.
 */
export const oauthRefreshLockKey = (mailboxId: string) => `oauth-refresh:${mailboxId}`;
