import { afterAll, beforeAll } from 'vitest';
import { closeDb } from '@/db/client';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { startImapServer, type ImapServerKind, type TestImapServer } from '@/scripts/test-servers/imap-server';
import { startSmtpCapture, type SmtpCapture, type StartSmtpCaptureOptions } from '@/scripts/test-servers/smtp-capture';

/**
 * A Dovecot and an SMTP capture of its own for the calling test file (started before its tests, stopped
 * after them, together with the database pool), so files run in parallel without sharing servers.
 */
export function useMailServers(options: { smtp?: StartSmtpCaptureOptions } = {}): {
  dovecot: DovecotServer;
  smtp: SmtpCapture;
} {
  const servers = {} as { dovecot: DovecotServer; smtp: SmtpCapture };
  beforeAll(async () => {
    [servers.dovecot, servers.smtp] = await Promise.all([startDovecot(), startSmtpCapture(options.smtp)]);
  });
  afterAll(async () => {
    await Promise.all([servers.dovecot?.stop(), servers.smtp?.stop(), closeDb()]);
  });
  return servers;
}

/**
 * An IMAP server of the given kind (Dovecot or Cyrus) and an SMTP capture for the calling test file or
 * `describe` block: tests written once run against both servers with `describe.each(IMAP_SERVER_KINDS)`.
 */
export function useImapServers(kind: ImapServerKind): { imap: TestImapServer; smtp: SmtpCapture } {
  const servers = {} as { imap: TestImapServer; smtp: SmtpCapture };
  beforeAll(async () => {
    [servers.imap, servers.smtp] = await Promise.all([startImapServer(kind), startSmtpCapture()]);
  });
  afterAll(async () => {
    await Promise.all([servers.imap?.stop(), servers.smtp?.stop()]);
  });
  return servers;
}
