import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxes, type Mailbox } from '@/db/schema';
import { AppError, isAppError } from '../../errors';
import { decryptCredentials, encryptCredentials, isOAuthCredentials } from '../mailboxes/mailbox-view';
import type { MailSecret, OAuthCredentials } from '../settings';
import { oauthProviderConfig, oauthProviderLabels } from './providers';
import { oauthRefreshLockKey } from './refresh-lock';
import { requestTokens } from './token-endpoint';

// Refreshed this long before it expires, so that a token does not run out between the check and the login.
const REFRESH_MARGIN_MS = 60_000;

const stillValid = (credentials: OAuthCredentials, now: number) =>
  credentials.accessTokenExpiresAt - REFRESH_MARGIN_MS > now;

/**
 * How the mailbox logs in to one of its servers now: its password, or a valid access token (refreshed first
 * when it is about to expire). Server-side only: never pass the result to a page or an API response.
 */
export async function mailboxSecret(
  db: Db,
  mailbox: Pick<Mailbox, 'id' | 'credentialsCiphertext'>,
  kind: 'imap' | 'smtp',
  now = Date.now(),
): Promise<MailSecret> {
  const credentials = decryptCredentials(mailbox);
  if (!isOAuthCredentials(credentials))
    return { password: kind === 'imap' ? credentials.imapPassword : credentials.smtpPassword };
  if (stillValid(credentials, now)) return { accessToken: credentials.accessToken };
  return { accessToken: await refreshMailboxAccessToken(db, mailbox.id, { stale: credentials.accessToken, now }) };
}

/**
 * A new access token for the mailbox, because `stale` expired or a server refused it. One refresh at a time
 * per mailbox, across processes (an advisory lock held while the provider answers): providers that rotate
 * refresh tokens treat a second use of the old one as theft and revoke the grant, so two syncs must never both
 * refresh. The one that waited finds the token the first stored and uses it. A refused grant marks the mailbox
 * "reconnect" (requiresReauth), as a refused password does.
 */
export async function refreshMailboxAccessToken(
  db: Db,
  mailboxId: string,
  options: { stale: string; now?: number },
): Promise<string> {
  // The credentials the refresh was tried with: a refusal marks the mailbox only while they are still stored.
  let refused: string | undefined;
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${oauthRefreshLockKey(mailboxId)}, 0))`);
      const [row] = await tx
        .select({ id: mailboxes.id, credentialsCiphertext: mailboxes.credentialsCiphertext })
        .from(mailboxes)
        .where(eq(mailboxes.id, mailboxId));
      if (!row) throw new AppError('not_found', { problem: { key: 'mailbox.notFound' } });
      refused = row.credentialsCiphertext;
      const credentials = decryptCredentials(row);
      if (!isOAuthCredentials(credentials))
        throw new AppError('internal', { message: `Mailbox ${mailboxId} has no OAuth2 grant to refresh` });
      const now = options.now ?? Date.now();
      if (credentials.accessToken !== options.stale && stillValid(credentials, now)) return credentials.accessToken;

      const config = oauthProviderConfig(credentials.provider);
      if (!config)
        throw new AppError('unavailable', {
          problem: {
            key: 'mailbox.oauthNotConfigured',
            values: { provider: oauthProviderLabels[credentials.provider] },
          },
        });
      const tokens = await requestTokens(
        config,
        { grant_type: 'refresh_token', refresh_token: credentials.refreshToken },
        now,
      );
      const next: OAuthCredentials = {
        ...credentials,
        accessToken: tokens.accessToken,
        accessTokenExpiresAt: tokens.expiresAt,
        refreshToken: tokens.refreshToken ?? credentials.refreshToken,
      };
      await tx
        .update(mailboxes)
        .set({ credentialsCiphertext: encryptCredentials(mailboxId, next) })
        .where(eq(mailboxes.id, mailboxId));
      return tokens.accessToken;
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'mail_auth_failed' && refused)
      await markGrantRefused(db, mailboxId, refused, error);
    throw error;
  }
}

async function markGrantRefused(db: Db, mailboxId: string, ciphertext: string, error: AppError): Promise<void> {
  await db
    .update(mailboxes)
    .set({
      requiresReauth: true,
      lastErrorCode: error.code,
      lastErrorMessage: error.userMessage,
      lastErrorProblem: error.problem ?? null,
      lastErrorAt: new Date(),
    })
    .where(and(eq(mailboxes.id, mailboxId), eq(mailboxes.credentialsCiphertext, ciphertext)));
}
