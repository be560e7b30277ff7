import type { Db } from '@/db/client';
import type { Mailbox } from '@/db/schema';
import { classifyMailError } from '../errors';
import { refreshMailboxAccessToken } from '../oauth/mailbox-access-token';
import type { MailSecret } from '../settings';
import { deliverOverSmtp, smtpSettings, type SmtpDelivery } from './deliver-over-smtp';

type Message = Parameters<typeof deliverOverSmtp>[2];

/**
 * One message through the mailbox's SMTP server with the secret the caller resolved (mailboxSecret). An access
 * token refused at login is refreshed once and the delivery tried again: a refusal at login means the message
 * certainly did not leave. A grant the provider refuses then comes back as the refusal.
 */
export async function deliverAsMailbox(
  db: Db,
  mailbox: Mailbox,
  secret: MailSecret,
  message: Message,
): Promise<SmtpDelivery> {
  const settings = smtpSettings(mailbox);
  const first = await deliverOverSmtp(settings, secret, message);
  if (!('accessToken' in secret) || first.outcome !== 'refused' || first.stage !== 'login') return first;
  const server = { kind: 'SMTP' as const, host: settings.host, port: settings.port, security: settings.security };
  if (classifyMailError(first.error, server).code !== 'mail_auth_failed') return first;
  try {
    const fresh = await refreshMailboxAccessToken(db, mailbox.id, { stale: secret.accessToken });
    return await deliverOverSmtp(settings, { accessToken: fresh }, message);
  } catch (error) {
    return { outcome: 'refused', error, stage: 'login' };
  }
}
