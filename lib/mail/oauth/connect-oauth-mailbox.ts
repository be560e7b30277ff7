import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { organizations, users } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { throwIfMailboxLimitReached } from '../../plans/guards';
import { insertMailbox } from '../mailboxes/insert-mailbox';
import type { MailboxView } from '../mailboxes/mailbox-view';
import { saveReconnection } from '../mailboxes/save-reconnection';
import type { OAuthCredentials, ServerSettings } from '../settings';
import { checkMailServerHosts, takeMailServerAttempt, verifyMailSettings } from '../verify-mail-settings';
import { type OAuthProviderConfig, oauthProviderLabels } from './providers';
import type { TokenSet } from './token-endpoint';

type Grant = { email: string; tokens: TokenSet & { refreshToken: string } };

const serversOf = (config: OAuthProviderConfig, email: string): { imap: ServerSettings; smtp: ServerSettings } => ({
  imap: { ...config.imap, login: email },
  smtp: { ...config.smtp, login: email },
});

const credentialsOf = (config: OAuthProviderConfig, { tokens }: Grant): OAuthCredentials => ({
  kind: 'oauth2',
  provider: config.id,
  refreshToken: tokens.refreshToken,
  accessToken: tokens.accessToken,
  accessTokenExpiresAt: tokens.expiresAt,
});

/** Both servers must take the token before anything is saved, as they must take a password. */
async function verifyToken(
  db: Db,
  config: OAuthProviderConfig,
  grant: Grant,
  actor: Actor,
): Promise<{ imap: ServerSettings; smtp: ServerSettings }> {
  const { imap, smtp } = serversOf(config, grant.email);
  await takeMailServerAttempt(db, actor);
  await checkMailServerHosts({ imap, smtp, actor });
  await verifyMailSettings({ imap, smtp, credentials: { accessToken: grant.tokens.accessToken }, actor });
  return { imap, smtp };
}

/** A new mailbox of the signed-in user, for the address the provider vouched for. */
export async function connectOAuthMailbox(
  db: Db,
  options: { config: OAuthProviderConfig; grant: Grant; actor: Actor & { kind: 'user' }; now?: Date },
): Promise<MailboxView> {
  const { config, grant, actor } = options;
  const [owner] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!owner?.active) throw new AppError('not_found', { problem: { key: 'mailbox.noActiveUser' } });
  const [org] = await db.select().from(organizations).where(eq(organizations.id, owner.orgId));
  if (!org) throw new AppError('not_found', { problem: { key: 'mailbox.organizationNotFound' } });
  await throwIfMailboxLimitReached(db, { org, userId: owner.id, now: options.now });
  const { imap, smtp } = await verifyToken(db, config, grant, actor);
  return insertMailbox(db, {
    owner,
    org,
    email: grant.email,
    provider: config.preset,
    oauthProvider: config.id,
    displayName: null,
    imap,
    smtp,
    credentials: credentialsOf(config, grant),
    actor,
    now: options.now,
  });
}

/**
 * "Reconnect with …": a new grant for a mailbox whose grant expired or was revoked, or a password mailbox
 * switching to the provider's sign-in. It must be the same account
 * (another address would put someone else's mail under this mailbox's links); the mailbox, its mail and its
 * links stay as they are.
 */
export async function reconnectOAuthMailbox(
  db: Db,
  options: { config: OAuthProviderConfig; grant: Grant; mailboxId: string; actor: Actor },
): Promise<MailboxView> {
  const { config, grant, actor } = options;
  const mailbox = await getMailboxForActor(db, { mailboxId: options.mailboxId, actor, permission: 'manage' });
  if (mailbox.email.toLowerCase() !== grant.email)
    throw new AppError('conflict', {
      problem: {
        key: 'mailbox.oauthWrongAccount',
        values: { email: mailbox.email, signedIn: grant.email, provider: oauthProviderLabels[config.id] },
      },
      details: { reason: 'mismatch' },
    });
  const { imap, smtp } = await verifyToken(db, config, grant, actor);
  return saveReconnection(db, {
    mailbox,
    actor,
    credentials: credentialsOf(config, grant),
    changes: {
      oauthProvider: config.id,
      provider: config.preset,
      imapLogin: imap.login,
      smtpLogin: smtp.login,
      imapHost: imap.host,
      imapPort: imap.port,
      imapSecurity: imap.security,
      smtpHost: smtp.host,
      smtpPort: smtp.port,
      smtpSecurity: smtp.security,
    },
    audit: {
      login: `oauth2:${config.id}`,
      ...(mailbox.oauthProvider === null ? { switchedFrom: 'password' } : {}),
    },
  });
}
