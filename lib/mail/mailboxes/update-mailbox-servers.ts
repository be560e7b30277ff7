import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';
import { parseInput } from '../../validation';
import type { OutboundOptions } from '../../net/outbound-address';
import { hostSchema, portSchema, securitySchema, type ServerSettings } from '../settings';
import {
  checkMailServerHosts,
  takeMailServerAttempt,
  verifyMailSettings,
  type MailServerCheck,
} from '../verify-mail-settings';
import { throwIfOAuthMailbox } from '../oauth/oauth-mailbox-guard';
import { encryptCredentials, passwordCredentials, toMailboxView, type MailboxView } from './mailbox-view';

const serversSchema = z.object({
  imapHost: hostSchema,
  imapPort: portSchema,
  imapSecurity: securitySchema,
  smtpHost: hostSchema,
  smtpPort: portSchema,
  smtpSecurity: securitySchema,
  smtpLogin: z.string().trim().min(1, { error: 'field.smtpLoginRequired' }).max(320),
  // Blank keeps the stored password.
  imapPassword: z.string().max(1024).default(''),
  smtpPassword: z.string().max(1024).default(''),
});

/**
 * New server settings for a mailbox, checked against both servers before anything is saved. The IMAP login is
 * not editable: another login is another account, whose messages would be mixed with this one's local copies —
 * that is Remove and Connect. A new host for the same account is fine: the sync compares UIDVALIDITY and
 * rebuilds a folder that changed, keeping messages linked to work.
 */
export async function updateMailboxServers(
  db: Db,
  options: {
    actor: Actor;
    mailboxId: string;
    servers: Record<string, unknown>;
    verify?: MailServerCheck;
    outbound?: OutboundOptions;
  },
): Promise<MailboxView> {
  const input = parseInput(serversSchema, options.servers);
  const mailbox = await getMailboxForActor(db, {
    mailboxId: options.mailboxId,
    actor: options.actor,
    permission: 'manage',
  });
  throwIfOAuthMailbox(mailbox);
  const imap: ServerSettings = {
    host: input.imapHost,
    port: input.imapPort,
    security: input.imapSecurity,
    login: mailbox.imapLogin,
  };
  const smtp: ServerSettings = {
    host: input.smtpHost,
    port: input.smtpPort,
    security: input.smtpSecurity,
    login: input.smtpLogin,
  };
  const { actor, outbound } = options;
  // Counted before any lookup or connection; internal hosts and plaintext to the internet refused next.
  await takeMailServerAttempt(db, actor);
  await checkMailServerHosts({ imap, smtp, actor, outbound });
  const stored = passwordCredentials(mailbox);
  if (!stored) throw new AppError('internal', { message: `Mailbox ${mailbox.id} has no passwords` });
  const credentials = {
    imapPassword: input.imapPassword || stored.imapPassword,
    smtpPassword: input.smtpPassword || input.imapPassword || stored.smtpPassword,
  };
  await (options.verify ?? verifyMailSettings)({ imap, smtp, credentials, actor, outbound });
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(mailboxes)
      .set({
        imapHost: imap.host,
        imapPort: imap.port,
        imapSecurity: imap.security,
        smtpHost: smtp.host,
        smtpPort: smtp.port,
        smtpSecurity: smtp.security,
        smtpLogin: smtp.login,
        credentialsCiphertext: encryptCredentials(mailbox.id, credentials),
        requiresReauth: false,
        lastErrorCode: null,
        lastErrorMessage: null,
        lastErrorProblem: null,
        updatedAt: new Date(),
      })
      .where(eq(mailboxes.id, mailbox.id))
      .returning();
    if (!updated) throw new AppError('not_found', { problem: { key: 'mailbox.notFound' } });
    // Where, never the passwords.
    await writeAuditEntry(tx, {
      orgId: mailbox.orgId,
      actor: options.actor,
      action: 'mailbox.servers_updated',
      targetType: 'mailbox',
      targetId: mailbox.id,
      data: {
        email: mailbox.email,
        imap: `${imap.host}:${imap.port} ${imap.security}`,
        smtp: `${smtp.host}:${smtp.port} ${smtp.security}`,
        passwordChanged: Boolean(input.imapPassword || input.smtpPassword),
      },
    });
    return toMailboxView(updated);
  });
}
