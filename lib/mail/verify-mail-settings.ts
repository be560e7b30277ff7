import { openImapConnection } from './imap/open-imap-connection';
import type { MailCredentials, ServerSettings } from './settings';
import { verifySmtp } from './smtp/verify-smtp';

export type MailServerCheck = (options: { imap: ServerSettings; smtp: ServerSettings; credentials: MailCredentials }) => Promise<void>;

/** Logs in to both servers before anything is saved; the first failure (IMAP first) is the one reported. */
export const verifyMailSettings: MailServerCheck = async ({ imap, smtp, credentials }) => {
  const [imapResult, smtpResult] = await Promise.allSettled([
    openImapConnection(imap, credentials.imapPassword).then((client) => client.logout().catch(() => client.close())),
    verifySmtp(smtp, credentials.smtpPassword),
  ]);
  if (imapResult.status === 'rejected') throw imapResult.reason;
  if (smtpResult.status === 'rejected') throw smtpResult.reason;
};
