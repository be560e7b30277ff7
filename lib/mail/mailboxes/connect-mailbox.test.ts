import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, mailboxes } from '@/db/schema';
import { freePort } from '@/scripts/free-port';
import { createTestMailbox, createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { useMailServers } from '@/test/use-mail-servers';
import { cliActor, type Actor } from '../../access/actor';
import { AppError } from '../../errors';
import type { HostResolver } from '../../net/outbound-address';
import { MAIL_SERVER_ATTEMPTS } from '../verify-mail-settings';
import { connectMailbox } from './connect-mailbox';
import { decryptCredentials } from './mailbox-view';
import { removeMailbox } from './remove-mailbox';
import { updateMailboxPassword } from './update-mailbox-password';
import { updateMailboxServers } from './update-mailbox-servers';

const PASSWORD = 'imap-secret-password';
const answers =
  (...addresses: string[]): HostResolver =>
  async () =>
    addresses.map((address) => ({ address, family: 4 }));
const smtpUsers: Record<string, string> = {};
const servers = useMailServers({ smtp: { users: smtpUsers } });

async function setup(plan = 'trial') {
  const db = getDb();
  const org = await createTestOrg(db, { plan });
  const user = await createTestUser(db, { orgId: org.id });
  const email = randomEmail('mail');
  await servers.dovecot.addUser(email, PASSWORD);
  smtpUsers[email] = PASSWORD;
  const actor: Actor = { kind: 'user', userId: user.id, orgId: org.id, role: 'employee' };
  const input = {
    ownerUserId: user.id,
    email,
    provider: 'other',
    imap: { host: '127.0.0.1', port: servers.dovecot.imapPort, security: 'none' as const },
    smtp: { host: '127.0.0.1', port: servers.smtp.port, security: 'none' as const },
    password: PASSWORD,
    actor,
  };
  return { org, user, email, actor, input };
}

describe('connecting a mailbox (real Dovecot and SMTP)', () => {
  it('logs in to both servers, stores the password encrypted only, and audits', async () => {
    const { input, email, org } = await setup();
    const view = await connectMailbox(getDb(), input);
    expect(view).toMatchObject({ email, imapLogin: email, status: 'active', orgId: org.id });
    expect(view).not.toHaveProperty('credentialsCiphertext');
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, view.id));
    expect(row!.credentialsCiphertext).not.toContain(PASSWORD);
    expect(decryptCredentials(row!)).toEqual({ imapPassword: PASSWORD, smtpPassword: PASSWORD });
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.targetId, view.id));
    expect(audit.map((a) => a.action)).toEqual(['mailbox.connected']);
    await expect(connectMailbox(getDb(), input)).rejects.toMatchObject({
      code: 'conflict',
      userMessage: `${email} is already connected in your organization.`,
    });
  });

  it.each([
    [
      'a wrong IMAP password',
      { password: 'wrong' },
      'mail_auth_failed',
      /^The IMAP server 127\.0\.0\.1 refused the user name or password/,
    ],
    [
      'a wrong SMTP password',
      { smtpPassword: 'wrong' },
      'mail_auth_failed',
      /^The SMTP server 127\.0\.0\.1 refused the user name or password/,
    ],
  ])('refuses %s with a specific message and saves nothing', async (_label, change, code, message) => {
    const { input } = await setup();
    await expect(connectMailbox(getDb(), { ...input, ...change })).rejects.toMatchObject({
      code,
      userMessage: expect.stringMatching(message),
    });
    expect(await getDb().select().from(mailboxes).where(eq(mailboxes.email, input.email))).toEqual([]);
  });

  it('tells an employee only that a connection failed, never why (port state); an admin sees why', async () => {
    const { input, org } = await setup();
    const closedPort = await freePort();
    // A real port that speaks no TLS and no IMAP: the test PostgreSQL.
    const postgresPort = Number(new URL(process.env.TEST_PG_ADMIN_URL!).port);
    const attempts = [
      {
        port: closedPort,
        security: 'none' as const,
        detail: `The IMAP server 127.0.0.1:${closedPort} could not be reached. Check the server name and port.`,
      },
      {
        port: closedPort,
        security: 'tls' as const,
        detail: `The IMAP server 127.0.0.1:${closedPort} could not be reached. Check the server name and port.`,
      },
      {
        port: postgresPort,
        security: 'tls' as const,
        detail: expect.stringContaining(`A secure (IMAP) connection to 127.0.0.1:${postgresPort} failed`),
      },
    ];
    for (const { port, security } of attempts) {
      const error = await connectMailbox(getDb(), { ...input, imap: { ...input.imap, port, security } }).catch(
        (e: unknown) => e,
      );
      expect(error, `${port} ${security}`).toMatchObject({
        code: 'mail_unreachable',
        status: 502,
        userMessage: `Could not connect securely to 127.0.0.1:${port}. Check the IMAP server name, port and security setting.`,
      });
      expect((error as AppError).details).toBeUndefined();
    }

    const admin = await createTestUser(getDb(), { orgId: org.id, role: 'admin' });
    const asAdmin: Actor = { kind: 'user', userId: admin.id, orgId: org.id, role: 'admin' };
    for (const { port, security, detail } of attempts) {
      await expect(
        connectMailbox(getDb(), { ...input, actor: asAdmin, imap: { ...input.imap, port, security } }),
      ).rejects.toMatchObject({ userMessage: detail });
    }
  });

  it('refuses internal hosts when the operator allowed none, for users and the CLI alike, before contacting them', async () => {
    const { input, org } = await setup();
    const strict = { allowedPrivateHosts: '' };
    for (const host of [
      '127.0.0.1',
      'localhost',
      '127.1',
      '2130706433',
      '[::1]',
      '0.0.0.0',
      '::ffff:127.0.0.1',
      '10.0.0.1',
      '169.254.169.254',
    ]) {
      const verify = vi.fn();
      await expect(
        connectMailbox(getDb(), { ...input, imap: { ...input.imap, host }, outbound: strict, verify }),
        host,
      ).rejects.toMatchObject({
        code: 'validation',
        status: 400,
        userMessage: `${host} is not allowed: it is an internal address.`,
      });
      expect(verify).not.toHaveBeenCalled();
    }
    // The operator's CLI is refused the same way: only the allowlist opens internal hosts, for everyone.
    await expect(
      connectMailbox(getDb(), {
        ...input,
        ownerUserId: undefined,
        orgId: org.id,
        actor: cliActor,
        smtp: { ...input.smtp, host: '127.0.0.2' },
        outbound: { allowedPrivateHosts: '127.0.0.1' },
      }),
    ).rejects.toMatchObject({
      code: 'validation',
      userMessage: '127.0.0.2 is not allowed: it is an internal address.',
    });
    expect(await getDb().select().from(mailboxes).where(eq(mailboxes.email, input.email))).toEqual([]);
  });

  it('refuses unencrypted connections to servers the operator did not allow, before contacting them', async () => {
    const { input } = await setup();
    const verify = vi.fn();
    const outbound = { allowedPrivateHosts: '127.0.0.1', resolve: answers('93.184.215.14') };
    await expect(
      connectMailbox(getDb(), {
        ...input,
        imap: { host: 'mail.example.com', port: 143, security: 'none' },
        outbound,
        verify,
      }),
    ).rejects.toMatchObject({
      code: 'validation',
      userMessage:
        'IMAP: an unencrypted connection is only allowed to a server the operator of this Mailroom has allowed. Choose TLS or STARTTLS for mail.example.com.',
    });
    expect(verify).not.toHaveBeenCalled();
  });

  it('connects to the address it checked, never resolving the name again', async () => {
    const { input, email } = await setup();
    // A name no real DNS knows: the logins can only succeed on the checked address.
    const resolve = vi.fn(answers('127.0.0.1'));
    const view = await connectMailbox(getDb(), {
      ...input,
      imap: { ...input.imap, host: 'imap.rebind.test' },
      smtp: { ...input.smtp, host: 'smtp.rebind.test' },
      outbound: { resolve },
    });
    expect(view).toMatchObject({ email, imapHost: 'imap.rebind.test', smtpHost: 'smtp.rebind.test' });
    // Once for the early check and once per connection, each check deciding the address its connection uses.
    expect(resolve.mock.calls.map(([name]) => name).sort()).toEqual([
      'imap.rebind.test',
      'imap.rebind.test',
      'smtp.rebind.test',
      'smtp.rebind.test',
    ]);

    // A rebinding DNS server: public for the early check, loopback when the connection is opened.
    const { input: other } = await setup();
    const seen = new Set<string>();
    const rebinding: HostResolver = async (name) => {
      const first = !seen.has(name);
      seen.add(name);
      return [{ address: first ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    };
    const hosts = {
      imap: { ...other.imap, host: 'evil.rebind.test', security: 'tls' as const },
      smtp: { ...other.smtp, host: 'evil-smtp.rebind.test', security: 'tls' as const },
    };
    await expect(
      connectMailbox(getDb(), { ...other, ...hosts, outbound: { resolve: rebinding, allowedPrivateHosts: '' } }),
    ).rejects.toMatchObject({
      code: 'validation',
      userMessage: 'evil.rebind.test is not allowed: it is an internal address.',
    });
  });

  it('counts connection attempts per user: of a parallel burst, no more than the limit reach a server', async () => {
    const { input, actor, user, org } = await setup();
    const verify = vi.fn(async () => {
      throw new AppError('mail_auth_failed', { userMessage: 'refused' });
    });
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, () => connectMailbox(getDb(), { ...input, verify })),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as AppError).code : 'connected'));
    expect(verify).toHaveBeenCalledTimes(MAIL_SERVER_ATTEMPTS.limit);
    expect(codes.filter((c) => c === 'mail_auth_failed')).toHaveLength(MAIL_SERVER_ATTEMPTS.limit);
    const limited = results.find(
      (r) => r.status === 'rejected' && (r.reason as AppError).code === 'rate_limited',
    ) as PromiseRejectedResult;
    expect(limited.reason).toMatchObject({
      status: 429,
      userMessage: expect.stringContaining('Too many attempts to connect to mail servers'),
    });
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(16 - MAIL_SERVER_ATTEMPTS.limit);

    // Changing servers and reconnecting draw on the same allowance; another user has their own.
    const mailbox = await createTestMailbox(getDb(), { orgId: org.id, ownerUserId: user.id });
    await expect(
      updateMailboxPassword(getDb(), { mailboxId: mailbox.id, password: 'x', actor, verify }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    const { input: fresh } = await setup();
    await expect(connectMailbox(getDb(), { ...fresh, verify })).rejects.toMatchObject({ code: 'mail_auth_failed' });
  });

  it('applies the plan limit before contacting any server', async () => {
    const { input, org, user } = await setup('basic');
    await createTestMailbox(getDb(), { orgId: org.id, ownerUserId: user.id });
    const verify = vi.fn();
    await expect(connectMailbox(getDb(), { ...input, verify })).rejects.toMatchObject({
      code: 'limit_exceeded',
      details: { resource: 'mailboxesPerEmployee', limit: 1 },
    });
    expect(verify).not.toHaveBeenCalled();
  });

  it('lets only the user or an admin of the organization connect for that user', async () => {
    const { input, org } = await setup();
    const colleague = await createTestUser(getDb(), { orgId: org.id });
    await expect(
      connectMailbox(getDb(), {
        ...input,
        actor: { kind: 'user', userId: colleague.id, orgId: org.id, role: 'employee' },
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const other = await createTestOrg(getDb());
    const outsider = await createTestUser(getDb(), { orgId: other.id, role: 'admin' });
    await expect(
      connectMailbox(getDb(), {
        ...input,
        actor: { kind: 'user', userId: outsider.id, orgId: other.id, role: 'admin' },
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reconnects with a new password only when the servers accept it, and removes local data only', async () => {
    const { input, actor, email } = await setup();
    const view = await connectMailbox(getDb(), input);
    await getDb()
      .update(mailboxes)
      .set({ requiresReauth: true, lastErrorCode: 'mail_auth_failed' })
      .where(eq(mailboxes.id, view.id));
    await expect(
      updateMailboxPassword(getDb(), { mailboxId: view.id, password: 'still wrong', actor }),
    ).rejects.toMatchObject({ code: 'mail_auth_failed' });
    await servers.dovecot.addUser(email, 'rotated-password-1');
    smtpUsers[email] = 'rotated-password-1';
    const updated = await updateMailboxPassword(getDb(), { mailboxId: view.id, password: 'rotated-password-1', actor });
    expect(updated).toMatchObject({ requiresReauth: false, lastErrorCode: null });
    await removeMailbox(getDb(), { mailboxId: view.id, actor });
    expect(await getDb().select().from(mailboxes).where(eq(mailboxes.id, view.id))).toEqual([]);
  });

  it('changes the servers only when both accept the stored or new password, and never records a password', async () => {
    const { input, email, actor } = await setup();
    const view = await connectMailbox(getDb(), input);
    const servers_ = {
      imapHost: '127.0.0.1',
      imapPort: servers.dovecot.imapPort,
      imapSecurity: 'none',
      smtpHost: '127.0.0.1',
      smtpPort: servers.smtp.port,
      smtpSecurity: 'none',
      smtpLogin: email,
    };
    const deadPort = await freePort();
    await expect(
      updateMailboxServers(getDb(), { actor, mailboxId: view.id, servers: { ...servers_, smtpPort: deadPort } }),
    ).rejects.toMatchObject({ code: 'mail_unreachable' });
    expect((await getDb().select().from(mailboxes).where(eq(mailboxes.id, view.id)))[0]!.smtpPort).toBe(
      servers.smtp.port,
    );
    await expect(
      updateMailboxServers(getDb(), {
        actor,
        mailboxId: view.id,
        servers: { ...servers_, imapPassword: 'wrong-password' },
      }),
    ).rejects.toMatchObject({ code: 'mail_auth_failed' });
    const publicName = { resolve: answers('93.184.215.14') };
    await expect(
      updateMailboxServers(getDb(), {
        actor,
        mailboxId: view.id,
        servers: { ...servers_, imapHost: 'mail.example.test' },
        outbound: publicName,
      }),
    ).rejects.toMatchObject({
      code: 'validation',
      userMessage: expect.stringContaining('an unencrypted connection is only allowed to a server the operator'),
    });
    await expect(
      updateMailboxServers(getDb(), { actor, mailboxId: view.id, servers: { ...servers_, smtpHost: '192.168.0.1' } }),
    ).rejects.toMatchObject({
      code: 'validation',
      userMessage: '192.168.0.1 is not allowed: it is an internal address.',
    });

    const updated = await updateMailboxServers(getDb(), {
      actor,
      mailboxId: view.id,
      servers: { ...servers_, imapHost: 'localhost' },
    });
    expect(updated).toMatchObject({ imapHost: 'localhost', imapLogin: email, requiresReauth: false });
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, view.id));
    expect(decryptCredentials(row!)).toEqual({ imapPassword: PASSWORD, smtpPassword: PASSWORD });
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.targetId, view.id));
    const entry = audit.find((e) => e.action === 'mailbox.servers_updated');
    expect(entry?.data).toMatchObject({ imap: `localhost:${servers.dovecot.imapPort} none`, passwordChanged: false });
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });
});
