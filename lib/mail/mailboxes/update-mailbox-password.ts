import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';
import { verifyMailSettings, type MailServerCheck } from '../verify-mail-settings';
import { decryptCredentials, encryptCredentials, toMailboxView, type MailboxView } from './mailbox-view';

/** "Reconnect": a new password, checked against both servers, then stored; clears a pending re-auth (IMAP's or SMTP's). */
export async function updateMailboxPassword(
  db: Db,
  options: { mailboxId: string; password: string; smtpPassword?: string; actor: Actor; verify?: MailServerCheck },
): Promise<MailboxView> {
  if (!options.password) throw new AppError('validation', { userMessage: 'Enter the password.' });
  const mailbox = await getMailboxForActor(db, { mailboxId: options.mailboxId, actor: options.actor, permission: 'manage' });
  const previous = decryptCredentials(mailbox);
  const credentials = {
    imapPassword: options.password,
    // A mailbox whose SMTP password was the same keeps them in step.
    smtpPassword: options.smtpPassword || (previous.smtpPassword === previous.imapPassword ? options.password : previous.smtpPassword),
  };
  await (options.verify ?? verifyMailSettings)({
    imap: { host: mailbox.imapHost, port: mailbox.imapPort, security: mailbox.imapSecurity, login: mailbox.imapLogin },
    smtp: { host: mailbox.smtpHost, port: mailbox.smtpPort, security: mailbox.smtpSecurity, login: mailbox.smtpLogin },
    credentials,
  });
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(mailboxes)
      .set({ credentialsCiphertext: encryptCredentials(mailbox.id, credentials), requiresReauth: false, lastErrorCode: null, lastErrorMessage: null, lastErrorAt: null, updatedAt: new Date() })
      .where(eq(mailboxes.id, mailbox.id))
      .returning();
    await writeAuditEntry(tx, { orgId: mailbox.orgId, actor: options.actor, action: 'mailbox.reconnected', targetType: 'mailbox', targetId: mailbox.id, data: { email: mailbox.email } });
    return toMailboxView(updated!);
  });
}
