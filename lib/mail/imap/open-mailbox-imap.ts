import type { ImapFlow } from 'imapflow';
import type { Db } from '@/db/client';
import type { Mailbox } from '@/db/schema';
import { isAppError } from '../../errors';
import { mailboxSecret, refreshMailboxAccessToken } from '../oauth/mailbox-access-token';
import type { ServerSettings } from '../settings';
import { openImapConnection, type ImapTimeouts } from './open-imap-connection';

export function imapSettings(
  mailbox: Pick<Mailbox, 'imapHost' | 'imapPort' | 'imapSecurity' | 'imapLogin'>,
): ServerSettings {
  return { host: mailbox.imapHost, port: mailbox.imapPort, security: mailbox.imapSecurity, login: mailbox.imapLogin };
}

/**
 * A logged-in connection to the mailbox's IMAP server, with its password or its OAuth2 access token. A token
 * the server refuses (revoked early, or the clocks disagree on its expiry) is refreshed once and the login
 * tried again; a refused grant then fails as a refused password does (mail_auth_failed, "reconnect").
 */
export async function openMailboxImap(db: Db, mailbox: Mailbox, timeouts?: ImapTimeouts): Promise<ImapFlow> {
  const settings = imapSettings(mailbox);
  const secret = await mailboxSecret(db, mailbox, 'imap');
  try {
    return await openImapConnection(settings, secret, timeouts);
  } catch (error) {
    if (!('accessToken' in secret) || !isAppError(error) || error.code !== 'mail_auth_failed') throw error;
    const fresh = await refreshMailboxAccessToken(db, mailbox.id, { stale: secret.accessToken });
    return openImapConnection(settings, { accessToken: fresh }, timeouts);
  }
}
