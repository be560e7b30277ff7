import { getDb } from '@/db/client';
import { cliActor } from '@/lib/access/actor';
import { connectMailbox } from '@/lib/mail/mailboxes/connect-mailbox';
import { inProcessParser } from '@/lib/mail/parse/parse-input';
import { syncMailbox } from '@/lib/mail/sync/sync-mailbox';
import type { DovecotServer } from '@/scripts/test-servers/dovecot';
import type { SmtpCapture } from '@/scripts/test-servers/smtp-capture';

/**
 * Connects a Dovecot account as the user's mailbox and imports it now, from the spec's own process: the
 * pages opened afterwards find the mail without waiting for the app's background sync.
 */
export async function connectAndSync(options: {
  dovecot: DovecotServer;
  smtp: SmtpCapture;
  ownerUserId: string;
  email: string;
  password: string;
}) {
  const db = getDb();
  const mailbox = await connectMailbox(db, {
    ownerUserId: options.ownerUserId,
    email: options.email,
    imap: { host: '127.0.0.1', port: options.dovecot.imapPort, security: 'none' },
    smtp: { host: '127.0.0.1', port: options.smtp.port, security: 'none' },
    password: options.password,
    actor: cliActor,
  });
  await syncMailbox(db, { mailboxId: mailbox.id, parser: inProcessParser });
  return mailbox;
}
