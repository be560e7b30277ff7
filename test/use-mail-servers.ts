import { afterAll, beforeAll } from 'vitest';
import { closeDb } from '@/db/client';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture, type SmtpCapture, type StartSmtpCaptureOptions } from '@/scripts/test-servers/smtp-capture';

/**
 * A Dovecot and an SMTP capture of its own for the calling test file (started before its tests, stopped
 * after them, together with the database pool), so files run in parallel without sharing servers.
 */
export function useMailServers(options: { smtp?: StartSmtpCaptureOptions } = {}): { dovecot: DovecotServer; smtp: SmtpCapture } {
  const servers = {} as { dovecot: DovecotServer; smtp: SmtpCapture };
  beforeAll(async () => {
    [servers.dovecot, servers.smtp] = await Promise.all([startDovecot(), startSmtpCapture(options.smtp)]);
  });
  afterAll(async () => {
    await Promise.all([servers.dovecot?.stop(), servers.smtp?.stop(), closeDb()]);
  });
  return servers;
}
