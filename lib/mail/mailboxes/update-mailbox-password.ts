import type { Db } from '@/db/client';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { isForeignKeyError } from '../../crypto/secret-box';
import { fieldError } from '../../validation';
import type { OutboundOptions } from '../../net/outbound-address';
import { takeMailServerAttempt, verifyMailSettings, type MailServerCheck } from '../verify-mail-settings';
import { throwIfOAuthMailbox } from '../oauth/oauth-mailbox-guard';
import { decryptCredentials, isOAuthCredentials, type MailboxView } from './mailbox-view';
import { saveReconnection } from './save-reconnection';

/** "Reconnect": a new password, checked against both servers, then stored; clears a pending re-auth (IMAP's or SMTP's). */
export async function updateMailboxPassword(
  db: Db,
  options: {
    mailboxId: string;
    password: string;
    smtpPassword?: string;
    actor: Actor;
    verify?: MailServerCheck;
    outbound?: OutboundOptions;
  },
): Promise<MailboxView> {
  if (!options.password) throw fieldError('password', { key: 'field.passwordRequired' });
  const mailbox = await getMailboxForActor(db, {
    mailboxId: options.mailboxId,
    actor: options.actor,
    permission: 'manage',
  });
  throwIfOAuthMailbox(mailbox);
  // A login attempt against the stored servers: counted like connecting, so it cannot probe ports either.
  await takeMailServerAttempt(db, options.actor);
  const previous = previousCredentials(mailbox);
  const credentials = {
    imapPassword: options.password,
    // A mailbox whose SMTP password was the same keeps them in step.
    smtpPassword:
      options.smtpPassword ||
      (!previous || previous.smtpPassword === previous.imapPassword ? options.password : previous.smtpPassword),
  };
  await (options.verify ?? verifyMailSettings)({
    imap: { host: mailbox.imapHost, port: mailbox.imapPort, security: mailbox.imapSecurity, login: mailbox.imapLogin },
    smtp: { host: mailbox.smtpHost, port: mailbox.smtpPort, security: mailbox.smtpSecurity, login: mailbox.smtpLogin },
    credentials,
    actor: options.actor,
    outbound: options.outbound,
  });
  return saveReconnection(db, { mailbox, actor: options.actor, credentials });
}

/**
 * The stored passwords, or null when they were encrypted under a key this server does not have: Reconnect is
 * how such a mailbox is repaired, so the new password then stands for both servers.
 */
function previousCredentials(
  mailbox: Parameters<typeof decryptCredentials>[0],
): { imapPassword: string; smtpPassword: string } | null {
  try {
    const credentials = decryptCredentials(mailbox);
    return isOAuthCredentials(credentials) ? null : credentials;
  } catch (error) {
    if (isForeignKeyError(error)) return null;
    throw error;
  }
}
