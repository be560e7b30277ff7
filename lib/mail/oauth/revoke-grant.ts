import { and, isNotNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, type Mailbox } from '@/db/schema';
import { isForeignKeyError } from '../../crypto/secret-box';
import { decryptCredentials, isOAuthCredentials } from '../mailboxes/mailbox-view';
import { oauthProviderConfig } from './providers';

/**
 * Tells the provider (RFC 7009) that Mailroom no longer holds this mailbox's grant, after the mailbox was
 * removed: the user's "third-party access" list at Google no longer shows a dead app. Microsoft has no such
 * endpoint for refresh tokens (its grants lapse unused). Best effort, and bounded: the removal has happened.
 */
export async function revokeMailboxGrant(
  db: DbOrTx,
  mailbox: Pick<Mailbox, 'id' | 'email' | 'credentialsCiphertext'>,
): Promise<boolean> {
  // Google revokes the app's access to the whole account: not while the same account is connected elsewhere
  // (another organization on this server).
  const [other] = await db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(
      and(
        ne(mailboxes.id, mailbox.id),
        sql`lower(${mailboxes.email}) = ${mailbox.email.toLowerCase()}`,
        isNotNull(mailboxes.oauthProvider),
      ),
    )
    .limit(1);
  if (other) return false;
  let credentials: ReturnType<typeof decryptCredentials>;
  try {
    credentials = decryptCredentials(mailbox);
  } catch (error) {
    if (isForeignKeyError(error)) return false;
    throw error;
  }
  if (!isOAuthCredentials(credentials)) return false;
  const config = oauthProviderConfig(credentials.provider);
  if (!config?.revocationUrl) return false;
  try {
    const response = await fetch(config.revocationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: credentials.refreshToken,
        token_type_hint: 'refresh_token',
        client_id: config.clientId,
        client_secret: config.clientSecret,
      }),
      redirect: 'error',
      signal: AbortSignal.timeout(5_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}
