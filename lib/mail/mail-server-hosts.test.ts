import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { useMailServers } from '@/test/use-mail-servers';
import type { HostResolver, OutboundTarget } from '../net/outbound-address';
import { createImapClient, openImapConnection } from './imap/open-imap-connection';
import { inProcessParser } from './parse/parse-input';
import { deliverOverSmtp } from './send/deliver-over-smtp';
import { createSmtpTransport, verifySmtp } from './smtp/verify-smtp';
import { syncMailbox } from './sync/sync-mailbox';

const PASSWORD = 'host-check-password';
const smtpUsers: Record<string, string> = {};
const servers = useMailServers({ smtp: { users: smtpUsers } });
const strict = { allowedPrivateHosts: '' };
const loopbackNamed: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];
const message = (from: string) => ({
  envelope: { from, to: ['bob@example.test'] },
  raw: Buffer.from(`From: ${from}\r\nSubject: hi\r\n\r\nhello\r\n`),
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('every connection to a user-given host is checked first', () => {
  it('IMAP, SMTP verification and sending refuse an internal address the operator did not allow', async () => {
    const imap = {
      host: '127.0.0.1',
      port: servers.dovecot.imapPort,
      security: 'none' as const,
      login: 'nobody@example.test',
    };
    const smtp = {
      host: 'localhost',
      port: servers.smtp.port,
      security: 'none' as const,
      login: 'nobody@example.test',
    };
    const refused = (host: string) => ({
      code: 'validation',
      userMessage: `${host} is not allowed: it is an internal address.`,
    });
    await expect(openImapConnection(imap, PASSWORD, undefined, strict)).rejects.toMatchObject(refused('127.0.0.1'));
    await expect(verifySmtp(smtp, PASSWORD, strict)).rejects.toMatchObject(refused('localhost'));
    const delivery = await deliverOverSmtp(smtp, PASSWORD, message('nobody@example.test'), undefined, strict);
    expect(delivery).toMatchObject({ outcome: 'refused', stage: 'connect', error: refused('localhost') });
    expect(servers.smtp.messages.length).toBe(0);
  });

  it('a sync refuses a stored host that is (or now resolves to) an internal address, and says so on the mailbox', async () => {
    const org = await createTestOrg(getDb());
    const user = await createTestUser(getDb(), { orgId: org.id });
    const mailbox = await createTestMailbox(getDb(), { orgId: org.id, ownerUserId: user.id });
    vi.stubEnv('MAILROOM_ALLOWED_PRIVATE_HOSTS', '');
    await expect(syncMailbox(getDb(), { mailboxId: mailbox.id, parser: inProcessParser })).rejects.toMatchObject({
      code: 'validation',
    });
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, mailbox.id));
    expect(row).toMatchObject({
      syncState: 'error',
      lastErrorCode: 'validation',
      lastErrorMessage: '127.0.0.1 is not allowed: it is an internal address.',
    });
  });

  it('connects to the checked address and keeps the name for TLS (SNI and the certificate check)', async () => {
    const email = randomEmail('hosts');
    await servers.dovecot.addUser(email, PASSWORD);
    smtpUsers[email] = PASSWORD;
    // Names no real DNS knows: these can only work on the address the check returned.
    const resolve = vi.fn(loopbackNamed);
    const client = await openImapConnection(
      { host: 'imap.pinned.test', port: servers.dovecot.imapPort, security: 'none', login: email },
      PASSWORD,
      undefined,
      { resolve },
    );
    await client.logout();
    await verifySmtp({ host: 'smtp.pinned.test', port: servers.smtp.port, security: 'none', login: email }, PASSWORD, {
      resolve,
    });
    const delivery = await deliverOverSmtp(
      { host: 'smtp.pinned.test', port: servers.smtp.port, security: 'none', login: email },
      PASSWORD,
      message(email),
      undefined,
      { resolve },
    );
    expect(delivery).toMatchObject({ outcome: 'sent' });
    expect(resolve.mock.calls.map(([name]) => name)).toEqual([
      'imap.pinned.test',
      'smtp.pinned.test',
      'smtp.pinned.test',
    ]);

    const target: OutboundTarget = {
      host: 'mail.example.com',
      address: '93.184.215.14',
      family: 4,
      servername: 'mail.example.com',
      operatorAllowed: false,
    };
    const settings = { host: 'mail.example.com', port: 993, security: 'tls' as const, login: email };
    const imapClient = createImapClient(settings, PASSWORD, target);
    expect(imapClient.options).toMatchObject({
      host: '93.184.215.14',
      port: 993,
      tls: { servername: 'mail.example.com', rejectUnauthorized: true },
    });
    const transport = createSmtpTransport({ ...settings, port: 465 }, PASSWORD, target);
    expect(transport.options).toMatchObject({
      host: '93.184.215.14',
      port: 465,
      tls: { servername: 'mail.example.com', rejectUnauthorized: true },
    });
    transport.close();
    // An address given as such has no TLS name: the certificate is checked against the address.
    expect(createImapClient(settings, PASSWORD, { ...target, servername: undefined }).options.tls).not.toHaveProperty(
      'servername',
    );
  });
});
