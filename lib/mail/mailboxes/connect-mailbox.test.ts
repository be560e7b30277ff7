import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, mailboxes } from '@/db/schema';
import { freePort } from '@/scripts/free-port';
import { createTestMailbox, createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { connectMailbox } from './connect-mailbox';
import { decryptCredentials } from './mailbox-view';
import { removeMailbox } from './remove-mailbox';
import { updateMailboxPassword } from './update-mailbox-password';
import { updateMailboxServers } from './update-mailbox-servers';

const PASSWORD = 'imap-secret-password';
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
    await expect(connectMailbox(getDb(), input)).rejects.toMatchObject({ code: 'conflict', userMessage: `${email} is already connected in your organization.` });
  });

  it.each([
    ['a wrong IMAP password', { password: 'wrong' }, 'mail_auth_failed', /^The IMAP server 127\.0\.0\.1 refused the user name or password/],
    ['a wrong SMTP password', { smtpPassword: 'wrong' }, 'mail_auth_failed', /^The SMTP server 127\.0\.0\.1 refused the user name or password/],
  ])('refuses %s with a specific message and saves nothing', async (_label, change, code, message) => {
    const { input } = await setup();
    await expect(connectMailbox(getDb(), { ...input, ...change })).rejects.toMatchObject({ code, userMessage: expect.stringMatching(message) });
    expect(await getDb().select().from(mailboxes).where(eq(mailboxes.email, input.email))).toEqual([]);
  });

  it('says when a server cannot be reached, or does not speak TLS on that port', async () => {
    const { input } = await setup();
    const closedPort = await freePort();
    await expect(connectMailbox(getDb(), { ...input, imap: { ...input.imap, port: closedPort } })).rejects.toMatchObject({
      code: 'mail_unreachable',
      userMessage: `The IMAP server 127.0.0.1:${closedPort} could not be reached. Check the server name and port.`,
    });
    await expect(connectMailbox(getDb(), { ...input, imap: { ...input.imap, security: 'tls' } })).rejects.toMatchObject({
      code: 'mail_tls_failed',
      userMessage: expect.stringContaining('the server does not speak TLS on this port'),
    });
  });

  it('refuses unencrypted connections to other machines before contacting them', async () => {
    const { input } = await setup();
    const verify = vi.fn();
    await expect(connectMailbox(getDb(), { ...input, imap: { host: 'mail.example.com', port: 143, security: 'none' }, verify })).rejects.toMatchObject({
      code: 'validation',
      userMessage: expect.stringContaining('only allowed to a server on this machine'),
    });
    expect(verify).not.toHaveBeenCalled();
  });

  it('applies the plan limit before contacting any server', async () => {
    const { input, org, user } = await setup('basic');
    await createTestMailbox(getDb(), { orgId: org.id, ownerUserId: user.id });
    const verify = vi.fn();
    await expect(connectMailbox(getDb(), { ...input, verify })).rejects.toMatchObject({ code: 'limit_exceeded', details: { resource: 'mailboxesPerEmployee', limit: 1 } });
    expect(verify).not.toHaveBeenCalled();
  });

  it('lets only the user or an admin of the organization connect for that user', async () => {
    const { input, org } = await setup();
    const colleague = await createTestUser(getDb(), { orgId: org.id });
    await expect(connectMailbox(getDb(), { ...input, actor: { kind: 'user', userId: colleague.id, orgId: org.id, role: 'employee' } })).rejects.toMatchObject({ code: 'forbidden' });
    const other = await createTestOrg(getDb());
    const outsider = await createTestUser(getDb(), { orgId: other.id, role: 'admin' });
    await expect(connectMailbox(getDb(), { ...input, actor: { kind: 'user', userId: outsider.id, orgId: other.id, role: 'admin' } })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reconnects with a new password only when the servers accept it, and removes local data only', async () => {
    const { input, actor, email } = await setup();
    const view = await connectMailbox(getDb(), input);
    await getDb().update(mailboxes).set({ requiresReauth: true, lastErrorCode: 'mail_auth_failed' }).where(eq(mailboxes.id, view.id));
    await expect(updateMailboxPassword(getDb(), { mailboxId: view.id, password: 'still wrong', actor })).rejects.toMatchObject({ code: 'mail_auth_failed' });
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
    const servers_ = { imapHost: '127.0.0.1', imapPort: servers.dovecot.imapPort, imapSecurity: 'none', smtpHost: '127.0.0.1', smtpPort: servers.smtp.port, smtpSecurity: 'none', smtpLogin: email };
    const deadPort = await freePort();
    await expect(updateMailboxServers(getDb(), { actor, mailboxId: view.id, servers: { ...servers_, smtpPort: deadPort } })).rejects.toMatchObject({ code: 'mail_unreachable' });
    expect((await getDb().select().from(mailboxes).where(eq(mailboxes.id, view.id)))[0]!.smtpPort).toBe(servers.smtp.port);
    await expect(updateMailboxServers(getDb(), { actor, mailboxId: view.id, servers: { ...servers_, imapPassword: 'wrong-password' } })).rejects.toMatchObject({ code: 'mail_auth_failed' });
    await expect(updateMailboxServers(getDb(), { actor, mailboxId: view.id, servers: { ...servers_, imapHost: 'mail.example.test' } })).rejects.toMatchObject({ code: 'validation' });

    const updated = await updateMailboxServers(getDb(), { actor, mailboxId: view.id, servers: { ...servers_, imapHost: 'localhost' } });
    expect(updated).toMatchObject({ imapHost: 'localhost', imapLogin: email, requiresReauth: false });
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, view.id));
    expect(decryptCredentials(row!)).toEqual({ imapPassword: PASSWORD, smtpPassword: PASSWORD });
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.targetId, view.id));
    const entry = audit.find((e) => e.action === 'mailbox.servers_updated');
    expect(entry?.data).toMatchObject({ imap: `localhost:${servers.dovecot.imapPort} none`, passwordChanged: false });
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });
});
