import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { useMailServers } from '@/test/use-mail-servers';
import { cli, cliWith } from './run-cli';

const servers = useMailServers();

describe('mailbox CLI', () => {
  it('adds, lists, syncs and removes a mailbox; a wrong password is refused with the reason', async () => {
    const org = await createTestOrg(getDb());
    const user = await createTestUser(getDb(), { orgId: org.id });
    const email = randomEmail('cli-box');
    await servers.dovecot.addUser(email, 'box-password-1');
    await appendMessages({
      host: '127.0.0.1',
      port: servers.dovecot.imapPort,
      user: email,
      password: 'box-password-1',
      messages: [1, 2, 3].map((i) => ({ raw: generateMessage({ subject: `cli ${i}` }) })),
    });
    const serverArgs = [
      '--imap',
      `127.0.0.1:${servers.dovecot.imapPort}`,
      '--smtp',
      `127.0.0.1:${servers.smtp.port}`,
      '--security',
      'none',
    ];

    // The password from the environment, or from standard input: never in the process list.
    const refused = await cliWith(
      { env: { ...process.env, MAILROOM_MAILBOX_PASSWORD: 'wrong' } },
      'mailbox:add',
      '--user',
      user.id,
      '--email',
      email,
      ...serverArgs,
      '--json',
    );
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({
      code: 'mail_auth_failed',
      message: expect.stringContaining('refused the user name or password'),
    });

    const added = await cliWith(
      { input: 'box-password-1\n' },
      'mailbox:add',
      '--user',
      user.id,
      '--email',
      email,
      ...serverArgs,
      '--password-stdin',
      '--json',
    );
    expect(added.code).toBe(0);
    expect(added.stderr).not.toContain('process list');
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
    // Six CLI processes, each starting tsx and a parse pool: several seconds apiece on a loaded 2-core machine.
  }, 120_000);
});
