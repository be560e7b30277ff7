import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { cli } from './run-cli';

let dovecot: DovecotServer;
let smtp: SmtpCapture;
beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
});
afterAll(async () => {
  await Promise.all([dovecot.stop(), smtp.stop(), closeDb()]);
});

describe('mailbox CLI', () => {
  it('adds, lists, syncs and removes a mailbox; a wrong password is refused with the reason', async () => {
    const org = await createTestOrg(getDb());
    const user = await createTestUser(getDb(), { orgId: org.id });
    const email = randomEmail('cli-box');
    await dovecot.addUser(email, 'box-password-1');
    await appendMessages({ host: '127.0.0.1', port: dovecot.imapPort, user: email, password: 'box-password-1', messages: [1, 2, 3].map((i) => ({ raw: generateMessage({ subject: `cli ${i}` }) })) });
    const servers = ['--imap', `127.0.0.1:${dovecot.imapPort}`, '--smtp', `127.0.0.1:${smtp.port}`, '--security', 'none'];

    const refused = await cli('mailbox:add', '--user', user.id, '--email', email, ...servers, '--password', 'wrong', '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'mail_auth_failed', message: expect.stringContaining('refused the user name or password') });

    const added = await cli('mailbox:add', '--user', user.id, '--email', email, ...servers, '--password', 'box-password-1', '--json');
    expect(added.code).toBe(0);
    const { mailbox } = JSON.parse(added.stdout);
    expect(mailbox).not.toHaveProperty('credentialsCiphertext');

    const listed = JSON.parse((await cli('mailbox:list', '--org', org.id, '--json')).stdout);
    expect(listed.mailboxes.map((m: { id: string }) => m.id)).toEqual([mailbox.id]);

    const synced = await cli('mailbox:sync', '--id', mailbox.id);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/^Synced \d+ folders: 3 imported, 0 updated, 0 removed in \d+ ms/);

    const removed = await cli('mailbox:remove', '--id', mailbox.id, '--json');
    expect(JSON.parse(removed.stdout)).toMatchObject({ ok: true, removed: { id: mailbox.id, email } });
    expect(JSON.parse((await cli('mailbox:list', '--org', org.id, '--json')).stdout).mailboxes).toEqual([]);
  });
});
