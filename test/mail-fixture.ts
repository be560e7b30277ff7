import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { getDb } from '@/db/client';
import { cliActor } from '@/lib/access/actor';
import { connectMailbox } from '@/lib/mail/mailboxes/connect-mailbox';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import type { TestImapServer } from '@/scripts/test-servers/imap-server';
import type { SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { createTestOrg, createTestUser, randomEmail } from './factories';

export const MAIL_PASSWORD = 'mailbox-password-1';
const DAY = 24 * 60 * 60 * 1000;
export const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/** An account on a test IMAP server (Dovecot or Cyrus) connected as a Mailroom mailbox, with helpers to act on it as "another client" would. */
export async function connectedMailbox(
  dovecot: Pick<TestImapServer, 'imapPort' | 'addUser'>,
  smtp: SmtpCapture,
  options: { plan?: string; imapPort?: number } = {},
) {
  const db = getDb();
  const org = await createTestOrg(db, { plan: options.plan ?? 'trial' });
  const user = await createTestUser(db, { orgId: org.id });
  const email = randomEmail('mbx');
  await dovecot.addUser(email, MAIL_PASSWORD);
  const mailbox = await connectMailbox(db, {
    ownerUserId: user.id,
    email,
    imap: { host: '127.0.0.1', port: options.imapPort ?? dovecot.imapPort, security: 'none' },
    smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    password: MAIL_PASSWORD,
    actor: cliActor,
    // The SMTP capture accepts anyone; the IMAP login is what these tests exercise.
  });
  const seed = (
    folder: string,
    messages: Array<{ subject?: string; days?: number; flags?: string[]; messageId?: string }>,
  ) =>
    appendMessages({
      host: '127.0.0.1',
      port: dovecot.imapPort,
      user: email,
      password: MAIL_PASSWORD,
      folder,
      messages: messages.map((m) => {
        const date = daysAgo(m.days ?? 1);
        return {
          raw: generateMessage({
            subject: m.subject ?? `Message ${randomBytes(3).toString('hex')}`,
            date,
            messageId: m.messageId,
          }),
          internalDate: date,
          flags: m.flags,
        };
      }),
    });
  /** Another IMAP client on the same account (a phone, Thunderbird). */
  const otherClient = async () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.imapPort,
      secure: false,
      auth: { user: email, pass: MAIL_PASSWORD },
      logger: false,
    });
    await client.connect();
    return client;
  };
  return { org, user, email, mailbox, seed, otherClient };
}
