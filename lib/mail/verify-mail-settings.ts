import type { DbOrTx } from '@/db/client';
import type { Actor } from '../access/actor';
import type { OutboundOptions } from '../net/outbound-address';
import { takeRateLimit } from '../rate-limit';
import { classifyMailError, connectionFailureFor } from './errors';
import { openImapConnection } from './imap/open-imap-connection';
import { resolveMailServer, type MailCredentials, type MailSecret, type ServerSettings } from './settings';
import { verifySmtp } from './smtp/verify-smtp';

/** `actor`: who asked, for how much of a connection failure they are told (connectionFailureFor). */
export type MailServerCheckOptions = {
  imap: ServerSettings;
  smtp: ServerSettings;
  /** Passwords, or the access token of an OAuth2 grant, which both servers take. */
  credentials: MailCredentials | { accessToken: string };
  actor?: Actor;
  outbound?: OutboundOptions;
};
export type MailServerCheck = (options: MailServerCheckOptions) => Promise<void>;

export const MAIL_SERVER_ATTEMPTS = { limit: 10, windowMs: 10 * 60_000 } as const;

/**
 * Counts one attempt of a user to make the server contact mail servers (connect, change servers, reconnect),
 * before any lookup or connection: each is a probe of a host and port of the user's choosing. The operator
 * (CLI) and system jobs are not limited.
 */
export async function takeMailServerAttempt(db: DbOrTx, actor: Actor): Promise<void> {
  if (actor.kind !== 'user') return;
  await takeRateLimit(db, {
    key: `mail-server-check:${actor.userId}`,
    ...MAIL_SERVER_ATTEMPTS,
    problem: {
      key: 'mailbox.serverAttemptsRateLimited',
      values: { limit: MAIL_SERVER_ATTEMPTS.limit, minutes: MAIL_SERVER_ATTEMPTS.windowMs / 60_000 },
    },
  });
}

/**
 * Refuses internal hosts, and unencrypted connections to hosts the operator did not allow, before anything
 * else happens (plan checks are done, nothing is contacted yet). The connections check again when they are
 * opened: that check decides the address actually used.
 */
export async function checkMailServerHosts({
  imap,
  smtp,
  actor,
  outbound,
}: Omit<MailServerCheckOptions, 'credentials'>): Promise<void> {
  for (const [kind, settings] of [
    ['IMAP', imap],
    ['SMTP', smtp],
  ] as const) {
    try {
      await resolveMailServer(settings, kind, outbound);
    } catch (error) {
      const server = { kind, host: settings.host, port: settings.port, security: settings.security };
      throw connectionFailureFor(classifyMailError(error, { ...server, stage: 'connect' }), server, actor);
    }
  }
}

/** Logs in to both servers before anything is saved; the first failure (IMAP first) is the one reported. */
export const verifyMailSettings: MailServerCheck = async ({ imap, smtp, credentials, actor, outbound }) => {
  const [imapSecret, smtpSecret]: [MailSecret, MailSecret] =
    'accessToken' in credentials
      ? [credentials, credentials]
      : [{ password: credentials.imapPassword }, { password: credentials.smtpPassword }];
  const [imapResult, smtpResult] = await Promise.allSettled([
    openImapConnection(imap, imapSecret, undefined, outbound).then((client) =>
      client.logout().catch(() => client.close()),
    ),
    verifySmtp(smtp, smtpSecret, outbound),
  ]);
  if (imapResult.status === 'rejected') throw connectionFailureFor(imapResult.reason, { kind: 'IMAP', ...imap }, actor);
  if (smtpResult.status === 'rejected') throw connectionFailureFor(smtpResult.reason, { kind: 'SMTP', ...smtp }, actor);
};
