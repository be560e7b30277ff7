import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { isForeignKeyError } from '../../crypto/secret-box';
import { fieldError } from '../../validation';
import type { OutboundOptions } from '../../net/outbound-address';
import { takeMailServerAttempt, verifyMailSettings, type MailServerCheck } from '../verify-mail-settings';
import { decryptCredentials, encryptCredentials, toMailboxView, type MailboxView } from './mailbox-view';

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
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(mailboxes)
      .set({
        credentialsCiphertext: encryptCredentials(mailbox.id, credentials),
        requiresReauth: false,
        lastErrorCode: null,
        lastErrorMessage: null,
        lastErrorProblem: null,
        lastErrorAt: null,
        updatedAt: new Date(),
      })
      .where(eq(mailboxes.id, mailbox.id))
      .returning();
    await writeAuditEntry(tx, {
      orgId: mailbox.orgId,
      actor: options.actor,
      action: 'mailbox.reconnected',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: { email: mailbox.email },
    });
    return toMailboxView(updated!);
  });
}

/**
 * The stored passwords, or null when they were encrypted under a key this server does not have: Reconnect is
 * how such a mailbox is repaired, so the new password then stands for both servers.
 */
function previousCredentials(
  mailbox: Parameters<typeof decryptCredentials>[0],
): { imapPassword: string; smtpPassword: string } | null {
  try {
    return decryptCredentials(mailbox);
  } catch (error) {
    if (isForeignKeyError(error)) return null;
    throw error;
  }
}
